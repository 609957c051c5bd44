package io.synchub.platform.ploomes;

import io.synchub.canonical.CanonicalJson;
import io.synchub.runs.SyncRuns;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /actuator/health} component {@code ploomes}: DOWN while Ploomes refuses the User-Key, DEGRADED while the
 * circuit is open (the platform is failing; pulls wait), with the last successful run and the committed cursor.
 */
@Component("ploomesHealthIndicator")
public class PloomesHealthIndicator implements HealthIndicator {

    private final PloomesDeclaration platform;
    private final PloomesApi api;
    private final SyncRuns runs;

    public PloomesHealthIndicator(PloomesDeclaration platform, PloomesApi api, SyncRuns runs) {
        this.platform = platform;
        this.api = api;
        this.runs = runs;
    }

    @Override
    public Health health() {
        if (!platform.enabled()) {
            return Health.unknown().withDetail("enabled", false).withDetail("reason", "PLOOMES_BASE_URL or PLOOMES_USER_KEY is not set").build();
        }
        String error = api.lastError();
        boolean keyRefused = error != null && error.startsWith("authentication");
        String breaker = api.breakerState();
        Health.Builder b = keyRefused ? Health.down() : breaker.equals("closed") ? Health.up() : Health.status(new Status("DEGRADED"));
        b.withDetail("enabled", true).withDetail("keyValid", !keyRefused).withDetail("breaker", breaker)
                .withDetail("requestsPerSecond", platform.requestsPerSecond());
        if (error != null) {
            b.withDetail("lastError", error);
        }
        runs.lastSuccess(PloomesDeclaration.SOURCE).ifPresent(t -> b.withDetail("lastSuccessfulRunAt", t.toString()));
        runs.cursor(PloomesDeclaration.SOURCE).ifPresent(c -> b.withDetail("cursor", c));
        runs.runningId(PloomesDeclaration.SOURCE).ifPresent(id -> b.withDetail("runningRun", id));
        return b.build();
    }

    /** The seed's GET /api/sync/products/health. */
    public String json() {
        Health h = health();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", h.getStatus().getCode());
        out.putAll(h.getDetails());
        return CanonicalJson.write(out);
    }
}
