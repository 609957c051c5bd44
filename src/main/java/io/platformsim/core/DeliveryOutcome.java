package io.platformsim.core;

import java.time.Instant;

/** What happened to one webhook delivery: attempts made, the last HTTP status (0 = no answer), delivered or not. */
public record DeliveryOutcome(String deliveryId, String topic, String resourceKey, int attempts, int lastStatus,
                              boolean delivered, Instant at, String bodyText) {
}
