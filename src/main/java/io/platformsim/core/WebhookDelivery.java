package io.platformsim.core;

import java.util.Map;
import java.util.function.Supplier;

/**
 * One webhook to deliver: topic, resource id, and a payload supplier called at delivery time (WooCommerce builds the
 * payload when it delivers; Shopify snapshots it when the event fires — then the supplier returns the snapshot).
 * The headers function receives the exact body bytes so the signature covers them.
 */
public record WebhookDelivery(String deliveryId, String topic, String resourceKey, Supplier<byte[]> payload,
                              HeaderSigner headers) {

    @FunctionalInterface
    public interface HeaderSigner {
        Map<String, String> headersFor(byte[] body, int attempt);
    }
}
