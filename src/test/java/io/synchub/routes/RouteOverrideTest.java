package io.synchub.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An integrator changes a flow by replacing one file of the routes folder: the hub runs the replacement (no Java, no
 * test hook, route reload off as by default) and every other shipped route as before. The hub reads a copy of routes/
 * (SYNCHUB_ROUTES_DIR) in which api-sync-runs.yaml is the integrator's own.
 */
class RouteOverrideTest extends HubTestSupport {

    private static final Path DIR = overridden();

    @Autowired
    CamelContext camel;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("synchub.routes-dir", DIR::toString);
    }

    @AfterAll
    static void removeCopy() {
        RoutesFolder.delete(DIR);
    }

    private static Path overridden() {
        Path dir = RoutesFolder.copy();
        RoutesFolder.write(dir.resolve("api-sync-runs.yaml"), RoutesFolder.syncRunsAnsweredBy("an integrator route file"));
        return dir;
    }

    @Test
    void theHubRunsTheReplacedRouteFileAndEveryOtherShippedRoute() throws IOException {
        HubClient.Response runs = hub.get("/api/v1/sync/runs");
        assertThat(runs.status()).isEqualTo(200);
        JsonNode body = runs.json();
        assertThat(body.get("answeredBy").asText()).isEqualTo("an integrator route file");
        assertThat(camel.getRoute("api-list-sync-runs").getSourceResource().getLocation())
                .as("the route was loaded from the folder's file").contains(DIR.getFileName().toString()).endsWith("api-sync-runs.yaml");

        // the rest of the folder is the shipped flows: a signed webhook still lands a product
        assertThat(hub.shopifyWebhook("products/update", "evt-override", HubClient.fixture("shopify/products_update.json"), SECRET)
                .status()).isEqualTo(200);
        HubClient.await(java.time.Duration.ofSeconds(20), "the delivery applied by the shipped routes",
                () -> hub.get("/api/v1/products").json().get("total").asInt() == 2);
        assertThat(hub.get("/api/v1/dead-letters").status()).isEqualTo(200);

        assertThat(Files.readString(Path.of("routes/api-sync-runs.yaml"))).as("the shipped file is untouched")
                .doesNotContain("answeredBy");
    }
}
