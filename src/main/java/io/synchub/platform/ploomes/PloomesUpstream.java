package io.synchub.platform.ploomes;

import io.synchub.platform.health.UpstreamCondition;
import io.synchub.runs.SyncRuns;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ploomes' health component ({@code ploomes}): DOWN while Ploomes refuses the User-Key, DEGRADED while the circuit is
 * open (the platform is failing; pulls wait), with the last successful run and the committed cursor.
 */
@Component
class PloomesUpstream implements UpstreamCondition {

    private final PloomesDeclaration platform;
    private final PloomesApi api;
    private final SyncRuns runs;

    PloomesUpstream(PloomesDeclaration platform, PloomesApi api, SyncRuns runs) {
        this.platform = platform;
        this.api = api;
        this.runs = runs;
    }

    @Override
    public String platform() {
        return PloomesDeclaration.SOURCE;
    }

    /** The declaration requires only the base URL (webhooks need no key); pulls need the User-Key too. */
    @Override
    public List<String> unset() {
        List<String> out = new ArrayList<>();
        if (platform.baseUrl().isEmpty()) {
            out.add("PLOOMES_BASE_URL");
        }
        if (platform.userKey().isEmpty()) {
            out.add("PLOOMES_USER_KEY");
        }
        return out;
    }

    @Override
    public Reading read() {
        String error = api.lastError();
        boolean keyRefused = error != null && error.startsWith("authentication");
        String breaker = api.breakerState();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("keyValid", !keyRefused);
        details.put("breaker", breaker);
        details.put("requestsPerSecond", platform.requestsPerSecond());
        if (error != null) {
            details.put("lastError", error);
        }
        runs.lastSuccess(PloomesDeclaration.SOURCE).ifPresent(t -> details.put("lastSuccessfulRunAt", t.toString()));
        runs.cursor(PloomesDeclaration.SOURCE).ifPresent(c -> details.put("cursor", c));
        runs.runningId(PloomesDeclaration.SOURCE).ifPresent(id -> details.put("runningRun", id));
        return new Reading(keyRefused ? Status.DOWN : breaker.equals("closed") ? Status.UP : DEGRADED, details);
    }
}
