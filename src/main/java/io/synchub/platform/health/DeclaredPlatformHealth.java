package io.synchub.platform.health;

import io.synchub.canonical.CanonicalJson;
import io.synchub.platform.PlatformDeclaration;
import io.synchub.platform.PlatformRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One {@code /actuator/health} component per declared platform that reports an {@link UpstreamCondition}, named by the
 * declaration's id ({@code components.<id>}). Every such component reads the same way: UNKNOWN with
 * {@code enabled: false} and what to set while the platform is not configured (its {@code platform.yaml} requirements,
 * then the condition's own), else the condition's status with {@code enabled: true} and its details. A condition for a
 * platform no {@code platform.yaml} declares stops the start.
 */
@Component("declaredPlatformHealth")
public class DeclaredPlatformHealth {

    private final Map<String, PlatformDeclaration> declarations;
    private final Map<String, UpstreamCondition> conditions;

    public DeclaredPlatformHealth(PlatformRegistry platforms, List<UpstreamCondition> conditions, HealthContributorRegistry health) {
        this.declarations = platforms.all().stream().collect(Collectors.toMap(PlatformDeclaration::id, Function.identity()));
        this.conditions = new LinkedHashMap<>();
        for (UpstreamCondition c : conditions) {
            if (!declarations.containsKey(c.platform())) {
                throw new IllegalStateException("a health condition reports on platform '" + c.platform()
                        + "', which no mappings/<id>/platform.yaml declares (declared: " + declarations.keySet() + ")");
            }
            if (this.conditions.put(c.platform(), c) != null) {
                throw new IllegalStateException("two health conditions report on platform '" + c.platform() + "'");
            }
        }
        this.conditions.keySet().forEach(id -> health.registerContributor(id, (HealthIndicator) () -> health(id)));
    }

    /** The health of one declared platform (its actuator component). */
    public Health health(String platform) {
        UpstreamCondition condition = conditions.get(platform);
        if (condition == null) {
            throw new IllegalArgumentException("no health condition for platform '" + platform + "'");
        }
        PlatformDeclaration declaration = declarations.get(platform);
        List<String> unset = declaration.enabled() ? condition.unset() : declaration.missing();
        if (!unset.isEmpty()) {
            return Health.unknown().withDetail("enabled", false).withDetail("reason", String.join(" and ", unset) + " not set").build();
        }
        UpstreamCondition.Reading reading = condition.read();
        return Health.status(reading.status()).withDetail("enabled", true).withDetails(reading.details()).build();
    }

    /** The same as a JSON object with the status first (the reference service's {@code /api/sync/products/health}). */
    public String json(String platform) {
        Health h = health(platform);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", h.getStatus().getCode());
        out.putAll(h.getDetails());
        return CanonicalJson.write(out);
    }
}
