package io.synchub.holds;

/** One line of a hold or an availability question: a SKU and how many units. */
public record HoldItem(String sku, long quantity) {
}
