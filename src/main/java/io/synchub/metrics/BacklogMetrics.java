package io.synchub.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.synchub.platform.PlatformDeclaration;
import io.synchub.platform.PlatformRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The queues as gauges: {@code synchub_inbox_deliveries{status}}, {@code synchub_inbox_oldest_pending_age_seconds},
 * {@code synchub_outbox_jobs{target,status}}, {@code synchub_outbox_oldest_job_age_seconds{target}},
 * {@code synchub_dead_letters_open{target}}, {@code synchub_conflicts_open}. All read one cached snapshot
 * ({@code synchub.metrics.refresh}, default 5s).
 */
@Component
class BacklogMetrics {

    /** Every declared platform's origin: the series exist (at 0) before the first job or push. */
    static List<String> targets(PlatformRegistry platforms) {
        return platforms.all().stream().map(PlatformDeclaration::origin).toList();
    }

    BacklogMetrics(MeterRegistry registry, BacklogReader reader, PlatformRegistry platforms, @Value("${synchub.metrics.refresh:5s}") Duration refresh) {
        CachedReading<BacklogSnapshot> snapshot = new CachedReading<>(reader::read, refresh, Clock.systemUTC());
        for (String status : List.of("PENDING", "FAILED")) {
            gauge(registry, snapshot, "synchub_inbox_deliveries", "inbox deliveries waiting (PENDING) or given up (FAILED)",
                    s -> s.inbox(status), "status", status.toLowerCase());
        }
        gauge(registry, snapshot, "synchub_inbox_oldest_pending_age_seconds", "age of the oldest pending inbox delivery",
                BacklogSnapshot::inboxOldestPendingAgeSeconds);
        for (String target : targets(platforms)) {
            for (String status : List.of("pending", "processing")) {
                gauge(registry, snapshot, "synchub_outbox_jobs", "outbox jobs waiting (pending) or in flight (processing)",
                        s -> s.outbox(target, status), "target", target, "status", status);
            }
            gauge(registry, snapshot, "synchub_outbox_oldest_job_age_seconds", "age of the oldest open outbox job",
                    s -> s.outboxOldestAge(target), "target", target);
            gauge(registry, snapshot, "synchub_dead_letters_open", "dead letters waiting for an operator",
                    s -> s.deadLettersOpen(target), "target", target);
        }
        gauge(registry, snapshot, "synchub_conflicts_open", "conflicts waiting for an operator", BacklogSnapshot::conflictsOpen);
    }

    private static void gauge(MeterRegistry registry, CachedReading<BacklogSnapshot> snapshot, String name, String description,
                              ToDoubleFunction<BacklogSnapshot> value, String... tags) {
        Gauge.builder(name, snapshot, c -> value.applyAsDouble(c.get())).description(description).tags(tags)
                .strongReference(true).register(registry);
    }
}
