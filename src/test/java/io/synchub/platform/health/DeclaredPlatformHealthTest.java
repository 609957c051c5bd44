package io.synchub.platform.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.platform.PlatformRegistry;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.DefaultHealthContributorRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.mock.env.MockEnvironment;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One health component per declared platform that reports its upstream, named by the declaration's id: not configured
 * reads UNKNOWN with what to set, configured reads the platform's own status and details.
 */
class DeclaredPlatformHealthTest extends HubTestSupport {

    private static UpstreamCondition condition(String platform, List<String> unset, Status status) {
        return new UpstreamCondition() {
            @Override
            public String platform() {
                return platform;
            }

            @Override
            public List<String> unset() {
                return unset;
            }

            @Override
            public Reading read() {
                return new Reading(status, Map.of("breaker", "open"));
            }
        };
    }

    private static PlatformRegistry registry(MockEnvironment env) {
        return new PlatformRegistry("mappings", env);
    }

    @Test
    void unconfiguredPlatformsOfTheRunningHubReadUnknownWithWhatToSet() {
        JsonNode components = hub.getAsScraper("/actuator/health").json().get("components");
        JsonNode admin = components.get("admin");
        assertThat(admin.get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(admin.at("/details/enabled").asBoolean()).isFalse();
        assertThat(admin.at("/details/reason").asText()).contains("ADMIN_BASE_URL").endsWith("not set");
        JsonNode ploomes = components.get("ploomes");
        assertThat(ploomes.get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(ploomes.at("/details/reason").asText()).contains("PLOOMES_BASE_URL");
    }

    @Test
    void aConfiguredPlatformReadsItsConditionUnderItsDeclaredId() {
        MockEnvironment env = new MockEnvironment().withProperty("ADMIN_BASE_URL", "http://admin.example");
        DefaultHealthContributorRegistry contributors = new DefaultHealthContributorRegistry();
        new DeclaredPlatformHealth(registry(env), List.of(condition("admin", List.of(), UpstreamCondition.DEGRADED)), contributors);

        Health admin = ((HealthIndicator) contributors.getContributor("admin")).health();
        assertThat(admin.getStatus()).isEqualTo(UpstreamCondition.DEGRADED);
        assertThat(admin.getDetails()).containsEntry("enabled", true).containsEntry("breaker", "open");
        assertThat(contributors.getContributor("ploomes")).as("no condition, no component").isNull();
    }

    @Test
    void whatTheDeclarationRequiresComesFirstThenWhatTheConditionNeeds() {
        DefaultHealthContributorRegistry contributors = new DefaultHealthContributorRegistry();
        new DeclaredPlatformHealth(registry(new MockEnvironment()), List.of(condition("admin", List.of("ADMIN_EXTRA"), Status.UP)), contributors);
        Health missingBase = ((HealthIndicator) contributors.getContributor("admin")).health();
        assertThat(missingBase.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(missingBase.getDetails()).containsEntry("enabled", false);
        assertThat((String) missingBase.getDetails().get("reason")).contains("ADMIN_BASE_URL").doesNotContain("ADMIN_EXTRA");

        DefaultHealthContributorRegistry configured = new DefaultHealthContributorRegistry();
        new DeclaredPlatformHealth(registry(new MockEnvironment().withProperty("ADMIN_BASE_URL", "http://admin.example")),
                List.of(condition("admin", List.of("ADMIN_EXTRA"), Status.UP)), configured);
        assertThat(((HealthIndicator) configured.getContributor("admin")).health().getDetails())
                .containsEntry("reason", "ADMIN_EXTRA not set");
    }

    @Test
    void aConditionForAnUndeclaredPlatformStopsTheStart() {
        assertThatThrownBy(() -> new DeclaredPlatformHealth(registry(new MockEnvironment()),
                List.of(condition("nowhere", List.of(), Status.UP)), new DefaultHealthContributorRegistry()))
                .hasMessageContaining("'nowhere'").hasMessageContaining("platform.yaml");
    }
}
