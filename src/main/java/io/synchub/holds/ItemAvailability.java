package io.synchub.holds;

/** The authority's answer for one item: units it could hold right now, units asked for, and whether that fits. */
public record ItemAvailability(String sku, long available, long requested, boolean ok) {

    public static ItemAvailability of(String sku, long available, long requested) {
        long a = Math.max(0, available);
        return new ItemAvailability(sku, a, requested, a >= requested);
    }
}
