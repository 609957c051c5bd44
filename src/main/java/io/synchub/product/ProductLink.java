package io.synchub.product;

/** A product's identity on one platform. Ids are strings: Shopify ids exceed 2^53. */
public record ProductLink(String platform, String externalProductId, String externalVariantId, String inventoryItemId) {
}
