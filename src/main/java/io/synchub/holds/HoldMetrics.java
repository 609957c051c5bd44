package io.synchub.holds;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Hold and availability figures at /actuator/prometheus: {@code synchub_holds_active} (read from the store at each
 * scrape, so every instance reports the cluster's count), {@code synchub_holds_operations_total{operation}} and
 * {@code synchub_availability_latency_seconds{authority}} (the authority's answer included).
 */
@Component
public class HoldMetrics {

    private final MeterRegistry registry;

    public HoldMetrics(MeterRegistry registry, HoldStore store) {
        this.registry = registry;
        Gauge.builder("synchub.holds.active", store, HoldStore::countActive)
                .description("holds currently active").register(registry);
    }

    public void operation(String operation, int count) {
        if (count > 0) {
            Counter.builder("synchub.holds.operations").description("hold operations by kind")
                    .tag("operation", operation).register(registry).increment(count);
        }
    }

    public void availability(String authority, Duration took) {
        Timer.builder("synchub.availability.latency").description("availability answers, the authority's included")
                .tag("authority", authority).publishPercentileHistogram().register(registry).record(took);
    }
}
