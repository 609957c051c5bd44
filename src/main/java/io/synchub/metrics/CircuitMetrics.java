package io.synchub.metrics;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;

/**
 * {@code synchub_circuit_state{target,state}} is 1 for the state each target's breaker is in and 0 for the others;
 * {@code synchub_circuit_open{target}} is 1 while pushes to the target are held back (open or half-open).
 */
@Component
class CircuitMetrics {

    CircuitMetrics(MeterRegistry registry, List<CircuitBreaker> breakers) {
        for (CircuitBreaker breaker : breakers) {
            String target = breaker.getName().toUpperCase(Locale.ROOT);
            for (CircuitBreaker.State state : List.of(CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN,
                    CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.FORCED_OPEN, CircuitBreaker.State.DISABLED)) {
                Gauge.builder("synchub_circuit_state", breaker, b -> b.getState() == state ? 1 : 0)
                        .description("1 for the state the target's circuit breaker is in")
                        .tags("target", target, "state", state.name().toLowerCase(Locale.ROOT)).register(registry);
            }
            Gauge.builder("synchub_circuit_open", breaker, b -> b.getState() == CircuitBreaker.State.CLOSED
                            || b.getState() == CircuitBreaker.State.DISABLED ? 0 : 1)
                    .description("1 while the target's circuit is not closed").tag("target", target).register(registry);
            Gauge.builder("synchub_circuit_failure_rate_percent", breaker, b -> Math.max(0, b.getMetrics().getFailureRate()))
                    .description("failure rate over the breaker's window (0 until it has its minimum calls)")
                    .tag("target", target).register(registry);
        }
    }
}
