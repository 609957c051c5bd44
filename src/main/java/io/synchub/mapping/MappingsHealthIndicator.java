package io.synchub.mapping;

import io.synchub.ownership.OwnershipRulesFile;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /actuator/health} component {@code mappings}: DOWN, naming each file and its problem, while a JSONata
 * mapping does not compile (the deliveries needing it wait) or the last edit of ownership.yaml was refused (the
 * previous rules stay in force).
 */
@Component("mappingsHealthIndicator")
public class MappingsHealthIndicator implements HealthIndicator {

    private final JsonataMappings mappings;
    private final OwnershipRulesFile ownership;

    public MappingsHealthIndicator(JsonataMappings mappings, OwnershipRulesFile ownership) {
        this.mappings = mappings;
        this.ownership = ownership;
    }

    @Override
    public Health health() {
        Map<String, String> problems = new LinkedHashMap<>(mappings.brokenFiles());
        ownership.rules();   // notices an edit of the file even while no delivery asks for the rules
        if (ownership.problem() != null) {
            problems.put("ownership.yaml", ownership.problem());
        }
        return problems.isEmpty() ? Health.up().build() : Health.down().withDetail("files", problems).build();
    }
}
