package io.synchub.outbox;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.synchub.platform.PlatformDeclaration;
import io.synchub.platform.PlatformRegistry;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One resilience4j circuit breaker per declared push platform (a {@code push:} section in its platform.yaml),
 * registered in one loop as bean {@code <id>CircuitBreaker}: the connector routes name it in
 * {@code resilience4jConfiguration.circuitBreaker}. Settings: the platform's {@code breaker:} entries, else the
 * hub-wide {@code synchub.outbox.circuit-breaker.*}. Their states are in {@code /actuator/health}.
 * Rejections ({@link PushRejected}: validation, auth) do not count: they say nothing about the target's health.
 */
@Configuration
public class TargetCircuitBreakers {

    @Bean
    static BeanDefinitionRegistryPostProcessor platformCircuitBreakers() {
        return new Registrar();
    }

    static final class Registrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {
        private Environment env;

        @Override
        public void setEnvironment(Environment environment) {
            this.env = environment;
        }

        @Override
        public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
            Path dir = Path.of(env.getProperty("synchub.mappings-dir", "mappings"));
            for (PlatformDeclaration p : PlatformRegistry.load(dir, env)) {
                if (p.pushes()) {
                    registry.registerBeanDefinition(p.id() + "CircuitBreaker", BeanDefinitionBuilder
                            .genericBeanDefinition(CircuitBreaker.class, () -> breaker(p, env)).getBeanDefinition());
                }
            }
        }
    }

    @Bean("outboundTargetsHealthIndicator")
    HealthIndicator outboundTargets(List<CircuitBreaker> breakers, PushTargets targets) {
        return () -> {
            Map<String, Object> details = new LinkedHashMap<>();
            boolean anyOpen = false;
            for (CircuitBreaker b : breakers) {
                String target = b.getName().toUpperCase();
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("enabled", targets.enabled(target));
                d.put("circuit", b.getState().name());
                d.put("failureRate", b.getMetrics().getFailureRate());
                d.put("notPermittedCalls", b.getMetrics().getNumberOfNotPermittedCalls());
                details.put(target, d);
                anyOpen |= b.getState() == CircuitBreaker.State.OPEN && targets.enabled(target);
            }
            return (anyOpen ? Health.status("DEGRADED") : Health.up()).withDetails(details).build();
        };
    }

    static CircuitBreaker breaker(PlatformDeclaration p, Environment env) {
        float failureRate = Float.parseFloat(setting(p, env, "failureRate", "failure-rate", "50"));
        int minimumCalls = Integer.parseInt(setting(p, env, "minimumCalls", "minimum-calls", "10"));
        int window = Integer.parseInt(setting(p, env, "window", "window", "20"));
        Duration waitInOpen = DurationStyle.detectAndParse(setting(p, env, "waitInOpen", "wait-in-open", "30s"));
        return CircuitBreaker.of(p.id(), CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRate)
                .minimumNumberOfCalls(minimumCalls)
                .slidingWindowSize(Math.max(window, minimumCalls))
                .waitDurationInOpenState(waitInOpen)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .ignoreExceptions(PushRejected.class, PushSkipped.class)
                .build());
    }

    private static String setting(PlatformDeclaration p, Environment env, String own, String hubWide, String fallback) {
        String v = p.breaker(own);
        return v != null ? v : env.getProperty("synchub.outbox.circuit-breaker." + hubWide, fallback);
    }
}
