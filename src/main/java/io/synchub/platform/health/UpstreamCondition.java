package io.synchub.platform.health;

import org.springframework.boot.actuate.health.Status;

import java.util.List;
import java.util.Map;

/**
 * What a platform the hub pulls from knows about its upstream right now, reported under the platform's declared id by
 * {@link DeclaredPlatformHealth}. The platform's own package implements it; whether the platform is configured at all
 * comes from its {@code platform.yaml} ({@code requires}), plus {@link #unset()} for anything else it cannot work without.
 */
public interface UpstreamCondition {

    /** DEGRADED: the upstream fails and calls are held back (breaker open) while the hub keeps serving what it stored. */
    Status DEGRADED = new Status("DEGRADED");

    /** The id of the platform's declaration ({@code mappings/<id>/platform.yaml}). */
    String platform();

    /** Variables, beyond the declaration's required settings, that are not set (empty: nothing else is needed). */
    default List<String> unset() {
        return List.of();
    }

    /** The upstream as last seen: UP, DOWN or {@link #DEGRADED}, with the details an operator needs. */
    Reading read();

    /** A status and its details, in the order they are shown. */
    record Reading(Status status, Map<String, Object> details) {
    }
}
