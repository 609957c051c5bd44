package io.synchub.platform.admin;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * {@code /actuator/health} component {@code admin}: DOWN while its breaker is open or its last pull failed, always with
 * the last successful pull per kind (products keep being served from the stored copy meanwhile).
 */
@Component("adminHealthIndicator")
public class AdminHealthIndicator implements HealthIndicator {

    private final AdminPlatform platform;
    private final AdminClient client;
    private final AdminPulls pulls;

    public AdminHealthIndicator(AdminPlatform platform, AdminClient client, AdminPulls pulls) {
        this.platform = platform;
        this.client = client;
        this.pulls = pulls;
    }

    @Override
    public Health health() {
        if (!platform.configured()) {
            return Health.unknown().withDetail("enabled", false).withDetail("reason", "ADMIN_BASE_URL is not set").build();
        }
        Map<String, Map<String, Object>> state = pulls.state();
        String circuit = client.breaker().getState().name();
        boolean failing = state.values().stream().anyMatch(s -> ((Number) s.get("consecutiveFailures")).intValue() > 0);
        Health.Builder b = failing || circuit.equals("OPEN") ? Health.down() : Health.up();
        return b.withDetail("enabled", true).withDetail("circuit", circuit).withDetail("pulls", state).build();
    }
}
