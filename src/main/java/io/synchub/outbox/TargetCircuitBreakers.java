package io.synchub.outbox;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One resilience4j circuit breaker per push target, shared by all routes that call it (the YAML routes refer to them
 * by name in {@code resilience4jConfiguration.circuitBreaker}), and their states in {@code /actuator/health}.
 * Rejections ({@link PushRejected}: validation, auth) do not count: they say nothing about the target's health.
 */
@Configuration
public class TargetCircuitBreakers {

    @Value("${synchub.outbox.circuit-breaker.failure-rate:50}")
    private float failureRate;
    @Value("${synchub.outbox.circuit-breaker.minimum-calls:10}")
    private int minimumCalls;
    @Value("${synchub.outbox.circuit-breaker.window:20}")
    private int window;
    @Value("${synchub.outbox.circuit-breaker.wait-in-open:30s}")
    private Duration waitInOpen;

    @Bean("shopifyCircuitBreaker")
    CircuitBreaker shopifyCircuitBreaker() {
        return breaker("shopify");
    }

    @Bean("woocommerceCircuitBreaker")
    CircuitBreaker woocommerceCircuitBreaker() {
        return breaker("woocommerce");
    }

    @Bean("jtlCircuitBreaker")
    CircuitBreaker jtlCircuitBreaker() {
        return breaker("jtl");
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

    private CircuitBreaker breaker(String name) {
        return CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRate)
                .minimumNumberOfCalls(minimumCalls)
                .slidingWindowSize(Math.max(window, minimumCalls))
                .waitDurationInOpenState(waitInOpen)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .ignoreExceptions(PushRejected.class, PushSkipped.class)
                .build());
    }
}
