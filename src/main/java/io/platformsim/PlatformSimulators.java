package io.platformsim;

import io.platformsim.jtl.JtlConfig;
import io.platformsim.jtl.JtlSimulator;
import io.platformsim.shopify.ShopifyConfig;
import io.platformsim.shopify.ShopifySimulator;
import io.platformsim.woocommerce.WooConfig;
import io.platformsim.woocommerce.WooSimulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The three simulated platforms of one merchant, built from the same catalogue seed so the same SKUs exist on
 * Shopify, WooCommerce and in the JTL warehouse. Started together, closed together.
 */
public final class PlatformSimulators implements AutoCloseable {

    private final ShopifySimulator shopify;
    private final WooSimulator woo;
    private final JtlSimulator jtl;

    public PlatformSimulators(ShopifyConfig shopify, WooConfig woo, JtlConfig jtl) {
        this.shopify = new ShopifySimulator(shopify);
        this.woo = new WooSimulator(woo);
        this.jtl = new JtlSimulator(jtl);
    }

    public PlatformSimulators start() {
        try {
            shopify.start();
            woo.start();
            jtl.start();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public ShopifySimulator shopify() {
        return shopify;
    }

    public WooSimulator woo() {
        return woo;
    }

    public JtlSimulator jtl() {
        return jtl;
    }

    /** Points both webhook senders at a hub, e.g. {@code http://127.0.0.1:8080}. */
    public void hub(String hubBaseUrl) {
        shopify.hubWebhookUrl(hubBaseUrl + "/webhooks/shopify");
        woo.hubWebhookUrl(hubBaseUrl + "/webhooks/woocommerce");
    }

    /** The hub properties that point a hub at these simulators (secrets included: never log this map). */
    public Map<String, Object> hubProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("synchub.channels.shopify.base-url", shopify.baseUrl());
        p.put("synchub.channels.shopify.access-token", shopify.config().accessToken());
        p.put("synchub.channels.shopify.webhook-secret", shopify.config().webhookSecret());
        p.put("synchub.channels.shopify.shop-domain", shopify.config().shopDomain());
        p.put("synchub.shopify.location-id", String.valueOf(shopify.config().locationId()));
        p.put("synchub.channels.woocommerce.base-url", woo.baseUrl());
        p.put("synchub.channels.woocommerce.consumer-key", woo.config().consumerKey());
        p.put("synchub.channels.woocommerce.consumer-secret", woo.config().consumerSecret());
        p.put("synchub.channels.woocommerce.webhook-secret", woo.config().webhookSecret());
        p.put("synchub.channels.woocommerce.source-url", woo.config().sourceUrl());
        p.put("synchub.jtl.base-url", jtl.apiUrl());
        p.put("synchub.jtl.token-url", jtl.tokenUrl());
        p.put("synchub.jtl.client-id", jtl.config().clientId());
        p.put("synchub.jtl.client-secret", jtl.config().clientSecret());
        p.put("synchub.jtl.refresh-token", jtl.config().initialRefreshToken());
        return p;
    }

    /** The same settings as the hub's environment variables (DESIGN §6), for a hub started separately. */
    public Map<String, String> hubEnvironment() {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("SHOPIFY_BASE_URL", shopify.baseUrl());
        e.put("SHOPIFY_ACCESS_TOKEN", shopify.config().accessToken());
        e.put("SHOPIFY_WEBHOOK_SECRET", shopify.config().webhookSecret());
        e.put("SHOPIFY_SHOP_DOMAIN", shopify.config().shopDomain());
        e.put("SHOPIFY_LOCATION_ID", String.valueOf(shopify.config().locationId()));
        e.put("WOO_BASE_URL", woo.baseUrl());
        e.put("WOO_CONSUMER_KEY", woo.config().consumerKey());
        e.put("WOO_CONSUMER_SECRET", woo.config().consumerSecret());
        e.put("WOO_WEBHOOK_SECRET", woo.config().webhookSecret());
        e.put("WOO_SOURCE_URL", woo.config().sourceUrl());
        e.put("JTL_BASE_URL", jtl.apiUrl());
        e.put("JTL_TOKEN_URL", jtl.tokenUrl());
        e.put("JTL_CLIENT_ID", jtl.config().clientId());
        e.put("JTL_CLIENT_SECRET", jtl.config().clientSecret());
        e.put("JTL_REFRESH_TOKEN", jtl.config().initialRefreshToken());
        return e;
    }

    @Override
    public void close() {
        shopify.close();
        woo.close();
        jtl.close();
    }
}
