package io.platformsim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.PlatformSimulators;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub booted with the demo profile: the in-process simulators send their catalogues as signed webhooks, and the
 * products arrive in the hub's store, linked to the simulators' exact ids.
 */
@ActiveProfiles("demo")
@TestPropertySource(properties = {
        "platformsim.demo.catalogue-size=6",
        "platformsim.demo.start-delay=2s",
        "platformsim.demo.price-edits-per-second=0",
        "platformsim.demo.stock-changes-per-second=0",
        "platformsim.demo.conflict-every=0s",
        "platformsim.demo.fault-every=0s",
        "platformsim.demo.order-every=0s",
        "platformsim.demo.reject-every=0s",
})
class DemoProfileTest extends HubTestSupport {

    @Autowired
    PlatformSimulators simulators;

    @Autowired
    Environment environment;

    @Test
    void productsFromTheShopifyAndWooCommerceSimulatorsArriveInTheHubWithin30Seconds() throws InterruptedException {
        // the hub is pointed at the simulators with the simulators' own generated secrets, not the test defaults
        assertThat(environment.getProperty("synchub.channels.shopify.webhook-secret"))
                .isEqualTo(simulators.shopify().config().webhookSecret()).isNotEqualTo(SECRET);
        assertThat(environment.getProperty("synchub.channels.woocommerce.base-url")).isEqualTo(simulators.woo().baseUrl());
        assertThat(environment.getProperty("synchub.jtl.token-url")).isEqualTo(simulators.jtl().tokenUrl());
        assertThat(environment.getProperty("synchub.jtl.refresh-token")).isEqualTo(simulators.jtl().config().initialRefreshToken());

        int shopifyVariants = simulators.shopify().variantCount();
        Set<String> shopifyProductIds = new HashSet<>();
        simulators.shopify().productIds().forEach(id -> shopifyProductIds.add(String.valueOf(id)));

        // the demo sent both catalogues by itself once the hub was ready, and the hub accepted every delivery (2xx =
        // durably in its inbox)
        int wooPosts = simulators.woo().productCount();
        HubClient.await(Duration.ofSeconds(30), "the demo's catalogue deliveries accepted by the hub", () ->
                simulators.shopify().webhooks().delivered() >= simulators.shopify().productCount()
                        && simulators.woo().webhooks().delivered() >= wooPosts);
        assertThat(simulators.shopify().webhooks().failed()).isZero();
        assertThat(simulators.woo().webhooks().failed()).isZero();

        // HubTestSupport empties the store before each test, which may be after those deliveries were processed:
        // send the catalogues again and follow them into the hub's API
        simulators.shopify().sendCatalogue();
        simulators.woo().sendCatalogue();
        // the two catalogues are drained in no particular order: wait until every Shopify variant is in and a SKU sold
        // on both shops has been linked to both (the WooCommerce delivery of that SKU may be the last one drained)
        HubClient.await(Duration.ofSeconds(30), "every Shopify variant in the hub and one product linked to both shops", () -> {
            JsonNode list = hub.get("/api/v1/products?limit=500").json();
            int shopify = 0;
            boolean linkedToBoth = false;
            for (JsonNode p : list.get("items")) {
                java.util.List<String> platforms = p.path("links").findValuesAsText("platform");
                shopify += (int) platforms.stream().filter("SHOPIFY"::equals).count();
                linkedToBoth |= platforms.contains("SHOPIFY") && platforms.contains("WOOCOMMERCE");
            }
            return shopify == shopifyVariants && linkedToBoth;
        });

        JsonNode items = hub.get("/api/v1/products?limit=500").json().get("items");
        for (JsonNode p : items) {
            for (JsonNode link : p.path("links")) {
                if (link.get("platform").asText().equals("SHOPIFY")) {
                    assertThat(shopifyProductIds).contains(link.get("productId").asText());
                }
            }
        }
        // same catalogue seed on both shops: a SKU sold on both is one canonical product linked to both
        assertThat(items).anySatisfy(p -> assertThat(p.path("links").findValuesAsText("platform")).contains("SHOPIFY", "WOOCOMMERCE"));
        assertThat(simulators.shopify().webhooks().failed()).isZero();
    }

    @Test
    void theDemoStorefrontHoldsOutfitsAtTheAdminPanelSimulator() {
        assertThat(environment.getProperty("ADMIN_BASE_URL")).isEqualTo(admin.baseUrl());
        com.fasterxml.jackson.databind.JsonNode a = hub.get("/api/v1/availability?skus=OUTFIT-SCARF").json().get("items").get(0);
        assertThat(a.get("available").asLong()).isEqualTo(admin.available("OUTFIT-SCARF")).isPositive();
        io.synchub.support.HubClient.Response hold = hub.post("/api/v1/holds", "{\"items\":[{\"sku\":\"OUTFIT-SCARF\",\"quantity\":1}]}");
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        assertThat(hold.json().get("authority").asText()).isEqualTo("admin");
        assertThat(admin.hold(hold.json().get("authorityHoldId").asText()).get("status").asText()).isEqualTo("active");
    }

    @Autowired
    io.platformsim.admin.AdminSimulator admin;
}
