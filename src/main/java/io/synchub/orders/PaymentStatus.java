package io.synchub.orders;

import java.util.Locale;

/** Payment state of an order (Shopify's financial_status values, which WooCommerce's statuses map onto). */
public enum PaymentStatus {
    PENDING, AUTHORIZED, PARTIALLY_PAID, PAID, PARTIALLY_REFUNDED, REFUNDED, VOIDED, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PaymentStatus fromWire(String wire) {
        for (PaymentStatus s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        return null;
    }

    public static String allWire() {
        return String.join(", ", java.util.Arrays.stream(values()).map(PaymentStatus::wire).toList());
    }
}
