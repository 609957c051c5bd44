package io.platformsim.core;

import java.time.Duration;

/**
 * How a platform delivers webhooks: what counts as success, whether and how often it retries, the request timeout.
 * Shopify: 2xx within 5 s, 8 retries with exponential backoff (compressed here: {@code firstRetry} doubling).
 * WooCommerce: 200–302, no retries, the webhook disabled after more than {@code maxConsecutiveFailures} failures.
 */
public record WebhookPolicy(int successFrom, int successTo, int retries, Duration firstRetry, Duration timeout,
                            int maxConsecutiveFailures) {

    public static WebhookPolicy shopify() {
        return new WebhookPolicy(200, 299, 8, Duration.ofSeconds(1), Duration.ofSeconds(5), Integer.MAX_VALUE);
    }

    public static WebhookPolicy wooCommerce() {
        return new WebhookPolicy(200, 302, 0, Duration.ZERO, Duration.ofSeconds(60), 5);
    }

    public boolean success(int status) {
        return status >= successFrom && status <= successTo;
    }
}
