package io.synchub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.synchub.platform.PlatformRegistry;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * {@code synchub_pushes_total{target,outcome}}: what each push attempt ended in: {@code success}, {@code retry},
 * {@code dead_lettered}, {@code circuit_open} (not sent: the target's breaker is open), {@code skipped}.
 */
@Component
public class PushOutcomes {

    public static final String SUCCESS = "success";
    public static final String RETRY = "retry";
    public static final String DEAD_LETTERED = "dead_lettered";
    public static final String CIRCUIT_OPEN = "circuit_open";
    public static final String SKIPPED = "skipped";

    private final CounterFamily pushes;

    public PushOutcomes(MeterRegistry registry, PlatformRegistry platforms) {
        this.pushes = new CounterFamily(registry, "synchub_pushes", "push attempts by outcome", "target", "outcome");
        for (String target : BacklogMetrics.targets(platforms)) {
            for (String outcome : new String[] {SUCCESS, RETRY, DEAD_LETTERED, CIRCUIT_OPEN, SKIPPED}) {
                counter(target, outcome);
            }
        }
    }

    public void record(String target, String outcome) {
        counter(target, outcome).increment();
    }

    private Counter counter(String target, String outcome) {
        return pushes.counter(target.toUpperCase(Locale.ROOT), outcome);
    }
}
