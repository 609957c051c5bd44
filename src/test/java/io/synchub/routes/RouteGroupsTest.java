package io.synchub.routes;

import io.synchub.support.HubTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees in Hawtio's route list: every route of a flow file in routes/ belongs to a group named after its
 * flow family (api, receive, inbound, push, poll, reconcile, housekeeping, notify, pipeline), and the main steps of the
 * pipeline carry names instead of generated ones (setBody56).
 */
class RouteGroupsTest extends HubTestSupport {

    @Autowired
    CamelContext camel;

    @Test
    void everyRouteLoadedFromAFlowFileHasAGroup() {
        List<Route> fromFiles = camel.getRoutes().stream()
                .filter(r -> r.getSourceResource() != null && r.getSourceResource().getLocation().endsWith(".yaml"))
                .filter(r -> !r.isCreatedByRouteTemplate() && !r.isCreatedByKamelet() && !r.isCreatedByRestDsl())
                .toList();
        assertThat(fromFiles).as("routes loaded from routes/*.yaml").hasSizeGreaterThan(40);
        assertThat(fromFiles).allSatisfy(r -> assertThat(r.getGroup())
                .as("group of route %s (%s)", r.getRouteId(), r.getSourceResource().getLocation())
                .isIn("api", "receive", "inbound", "push", "poll", "reconcile", "housekeeping", "notify", "pipeline"));
        assertThat(camel.getRoute("drain-inbox").getGroup()).isEqualTo("pipeline");
        assertThat(camel.getRoute("drain-inbox").getDescription()).startsWith("Drains the durable inbox");
    }

    @Test
    void theMainPipelineStepsAreNamed() {
        for (String step : List.of("find-flow", "dispatch-by-platform", "to-inbound-flow", "drop-echoed-fields", "merge-and-store")) {
            assertThat(camel.getProcessor(step)).as("step %s", step).isNotNull();
        }
        // steps of templated routes (one outbox dispatcher and one webhook receiver per platform) carry the template's
        // step name under a per-instance prefix
        for (String step : List.of("platform-enabled", "claim-due-jobs", "hand-jobs-to-platform", "verify-signature", "write-inbox")) {
            assertThat(camel.getRoutes().stream().filter(Route::isCreatedByRouteTemplate)
                    .anyMatch(r -> !r.filter(".*" + step).isEmpty())).as("templated step %s", step).isTrue();
        }
    }
}
