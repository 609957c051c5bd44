package io.platformsim.shopify;

import io.platformsim.core.CatalogueSpec;
import io.platformsim.core.Secrets;

/**
 * Settings of one simulated Shopify store. Limits default to a Standard plan: REST bucket 40 leaking 2/s, GraphQL
 * 1,000 points restoring 100/s; API version 2026-04 (where {@code @idempotent} is required on inventory mutations).
 */
public record ShopifyConfig(int port, String apiVersion, String shopDomain, String accessToken, String webhookSecret,
                            String hubWebhookUrl, CatalogueSpec catalogue, double restBucketSize, double restLeakPerSecond,
                            double graphqlBucketSize, double graphqlRestoreRate, long locationId) {

    public static ShopifyConfig defaults() {
        return new ShopifyConfig(0, "2026-04", "synchub-sim.myshopify.com", Secrets.random("shpat_", 24),
                Secrets.random("", 32), null, CatalogueSpec.of(50, 42), 40, 2, 1000, 100, 65544114910L);
    }

    public ShopifyConfig withPort(int p) {
        return new ShopifyConfig(p, apiVersion, shopDomain, accessToken, webhookSecret, hubWebhookUrl, catalogue,
                restBucketSize, restLeakPerSecond, graphqlBucketSize, graphqlRestoreRate, locationId);
    }

    public ShopifyConfig withCredentials(String token, String secret) {
        return new ShopifyConfig(port, apiVersion, shopDomain, token, secret, hubWebhookUrl, catalogue,
                restBucketSize, restLeakPerSecond, graphqlBucketSize, graphqlRestoreRate, locationId);
    }

    public ShopifyConfig withHubWebhookUrl(String url) {
        return new ShopifyConfig(port, apiVersion, shopDomain, accessToken, webhookSecret, url, catalogue,
                restBucketSize, restLeakPerSecond, graphqlBucketSize, graphqlRestoreRate, locationId);
    }

    public ShopifyConfig withCatalogue(CatalogueSpec spec) {
        return new ShopifyConfig(port, apiVersion, shopDomain, accessToken, webhookSecret, hubWebhookUrl, spec,
                restBucketSize, restLeakPerSecond, graphqlBucketSize, graphqlRestoreRate, locationId);
    }

    public ShopifyConfig withRestLimit(double bucketSize, double leakPerSecond) {
        return new ShopifyConfig(port, apiVersion, shopDomain, accessToken, webhookSecret, hubWebhookUrl, catalogue,
                bucketSize, leakPerSecond, graphqlBucketSize, graphqlRestoreRate, locationId);
    }

    public ShopifyConfig withGraphqlLimit(double bucketSize, double restorePerSecond) {
        return new ShopifyConfig(port, apiVersion, shopDomain, accessToken, webhookSecret, hubWebhookUrl, catalogue,
                restBucketSize, restLeakPerSecond, bucketSize, restorePerSecond, locationId);
    }
}
