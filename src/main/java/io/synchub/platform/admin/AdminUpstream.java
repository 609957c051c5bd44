package io.synchub.platform.admin;

import io.synchub.platform.health.UpstreamCondition;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin panel's health component ({@code admin}): DOWN while its breaker is open or its last pull failed, always
 * with the last successful pull per kind (products keep being served from the stored copy meanwhile).
 */
@Component
class AdminUpstream implements UpstreamCondition {

    private final AdminPlatform platform;
    private final AdminClient client;
    private final AdminPulls pulls;

    AdminUpstream(AdminPlatform platform, AdminClient client, AdminPulls pulls) {
        this.platform = platform;
        this.client = client;
        this.pulls = pulls;
    }

    @Override
    public String platform() {
        return platform.origin().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Reading read() {
        Map<String, Map<String, Object>> state = pulls.state();
        String circuit = client.breaker().getState().name();
        boolean failing = state.values().stream().anyMatch(s -> ((Number) s.get("consecutiveFailures")).intValue() > 0);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("circuit", circuit);
        details.put("pulls", state);
        return new Reading(failing || circuit.equals("OPEN") ? Status.DOWN : Status.UP, details);
    }
}
