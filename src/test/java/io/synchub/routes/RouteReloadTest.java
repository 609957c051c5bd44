package io.synchub.routes;

import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With SYNCHUB_ROUTES_RELOAD=true an edited route file takes effect while the hub runs: the changed route answers
 * differently over real HTTP, without a restart, and only the routes of that file are replaced (every other route
 * keeps running untouched). The hub reads a copy of routes/ (SYNCHUB_ROUTES_DIR), edited here as an integrator would.
 */
@ExtendWith(OutputCaptureExtension.class)
class RouteReloadTest extends HubTestSupport {

    private static final Path DIR = RoutesFolder.copy();
    private static final String FILE = "api-sync-runs.yaml";

    @Autowired
    CamelContext camel;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("synchub.routes-dir", DIR::toString);
        registry.add("SYNCHUB_ROUTES_RELOAD", () -> "true");
    }

    @AfterAll
    static void removeCopy() {
        RoutesFolder.delete(DIR);
    }

    @Test
    void anEditedRouteFileAnswersDifferentlyWithoutARestart(CapturedOutput output) {
        assertThat(hub.get("/api/v1/sync/runs").json().has("answeredBy")).as("the shipped route answers first").isFalse();
        HubClient.await(Duration.ofSeconds(30), "the routes folder watched", () -> {
            RouteWatcherReloadStrategy watcher = camel.hasService(RouteWatcherReloadStrategy.class);
            return watcher != null && watcher.isRunning();
        });
        Map<String, Route> others = routesOutside(FILE);
        Duration uptime = camel.getUptime();

        RoutesFolder.write(DIR.resolve(FILE), RoutesFolder.syncRunsAnsweredBy("the first edit"));
        awaitAnsweredBy("the first edit");

        // a broken save is refused with one warning naming the file; the routes of the previous save keep answering
        int logBefore = output.getAll().length();
        RoutesFolder.write(DIR.resolve(FILE), RoutesFolder.syncRunsAnsweredBy("a broken edit").replace("    from:", "   from: ["));
        HubClient.await(Duration.ofSeconds(30), "the refused reload logged", () -> output.getAll().substring(logBefore)
                .lines().anyMatch(l -> l.contains("Error reloading routes from file") && l.contains(FILE)));
        HubClient.Response still = hub.get("/api/v1/sync/runs");
        assertThat(still.status()).isEqualTo(200);
        assertThat(still.json().get("answeredBy").asText()).isEqualTo("the first edit");

        RoutesFolder.write(DIR.resolve(FILE), RoutesFolder.syncRunsAnsweredBy("the fixed edit"));
        awaitAnsweredBy("the fixed edit");

        assertThat(camel.getRoute("api-list-sync-runs").getSourceResource().getLocation()).endsWith(FILE);

        // the documented limit: a route taken out of the file is not removed by a reload (only a restart drops it)
        String withoutGetRoute = RoutesFolder.syncRunsAnsweredBy("the shorter edit");
        withoutGetRoute = withoutGetRoute.substring(0, withoutGetRoute.lastIndexOf("- route:"))
                .replace("      - id: api-get-sync-run\n        path: /sync/runs/{id}\n        to: direct:api-get-sync-run\n", "");
        assertThat(withoutGetRoute).doesNotContain("api-get-sync-run");
        RoutesFolder.write(DIR.resolve(FILE), withoutGetRoute);
        awaitAnsweredBy("the shorter edit");
        assertThat(camel.getRoute("api-get-sync-run")).as("the route deleted from the file still runs").isNotNull();
        Map<String, Route> after = routesOutside(FILE);
        assertThat(after.keySet()).as("no other route removed or added").isEqualTo(others.keySet());
        others.forEach((id, route) -> assertThat(after.get(id)).as("route " + id + " was not replaced").isSameAs(route));
        assertThat(camel.getUptime()).as("the same Camel context kept running, never restarted").isGreaterThan(uptime);

        // the rest of the hub works on: a signed webhook still lands its products
        assertThat(hub.shopifyWebhook("products/update", "evt-reload", HubClient.fixture("shopify/products_update.json"), SECRET)
                .status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(20), "the delivery applied", () -> hub.get("/api/v1/products").json().get("total").asInt() == 2);
    }

    private void awaitAnsweredBy(String who) {
        HubClient.await(Duration.ofSeconds(30), "GET /api/v1/sync/runs answered by " + who, () -> {
            HubClient.Response r = hub.get("/api/v1/sync/runs");
            return r.status() == 200 && who.equals(r.json().path("answeredBy").asText());
        });
    }

    private Map<String, Route> routesOutside(String file) {
        return camel.getRoutes().stream()
                .filter(r -> r.getSourceResource() == null || !r.getSourceResource().getLocation().endsWith(file))
                .collect(Collectors.toMap(Route::getRouteId, Function.identity()));
    }
}
