package io.platformsim.woocommerce;

import io.platformsim.core.CatalogueSpec;
import io.platformsim.core.Secrets;

import java.time.Duration;

/**
 * Settings of one simulated WooCommerce shop. {@code minRequestInterval} models a host's per-request rate limit
 * (e.g. 500 ms = one request per 500 ms; ZERO = none, as WooCommerce itself has none).
 */
public record WooConfig(int port, String consumerKey, String consumerSecret, String webhookSecret, String sourceUrl,
                        String hubWebhookUrl, CatalogueSpec catalogue, Duration minRequestInterval, long webhookId) {

    public static WooConfig defaults() {
        return new WooConfig(0, Secrets.random("ck_", 20), Secrets.random("cs_", 20), Secrets.random("", 32),
                "https://woo-sim.example.com/", null, CatalogueSpec.of(50, 42), Duration.ZERO, 7);
    }

    public WooConfig withPort(int p) {
        return new WooConfig(p, consumerKey, consumerSecret, webhookSecret, sourceUrl, hubWebhookUrl, catalogue, minRequestInterval, webhookId);
    }

    public WooConfig withCredentials(String key, String secret, String webhookSecret) {
        return new WooConfig(port, key, secret, webhookSecret, sourceUrl, hubWebhookUrl, catalogue, minRequestInterval, webhookId);
    }

    public WooConfig withHubWebhookUrl(String url) {
        return new WooConfig(port, consumerKey, consumerSecret, webhookSecret, sourceUrl, url, catalogue, minRequestInterval, webhookId);
    }

    public WooConfig withCatalogue(CatalogueSpec spec) {
        return new WooConfig(port, consumerKey, consumerSecret, webhookSecret, sourceUrl, hubWebhookUrl, spec, minRequestInterval, webhookId);
    }

    public WooConfig withMinRequestInterval(Duration interval) {
        return new WooConfig(port, consumerKey, consumerSecret, webhookSecret, sourceUrl, hubWebhookUrl, catalogue, interval, webhookId);
    }
}
