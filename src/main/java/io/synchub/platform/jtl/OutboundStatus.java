package io.synchub.platform.jtl;

import java.util.Locale;

/**
 * JTL-FFN outbound statuses (Preparation, Pending, Acknowledged, Pickprocess, Locked, PartiallyShipped, Shipped,
 * Canceled, PartiallyCanceled) as the order's fulfilment status: lower case with underscores, British "cancelled"
 * ({@code PartiallyShipped} → {@code partially_shipped}).
 */
final class OutboundStatus {

    static final String SHIPPED = "Shipped";

    private OutboundStatus() {
    }

    static String fulfilmentStatus(String jtlStatus) {
        String snake = jtlStatus.trim().replaceAll("([a-z])([A-Z])", "$1_$2").replace(' ', '_').toLowerCase(Locale.ROOT);
        return snake.replace("canceled", "cancelled");
    }

    static boolean isShipped(String jtlStatus) {
        return SHIPPED.equalsIgnoreCase(jtlStatus);
    }
}
