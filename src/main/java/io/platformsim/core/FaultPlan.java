package io.platformsim.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults a simulator injects into its API (never into its admin endpoints): a random share of 500s and 429s,
 * added latency, outage windows (503 for every request), and a number of forced failures for deterministic tests.
 * Everything can be changed while the simulator runs.
 */
public final class FaultPlan {

    public enum Kind { OUTAGE, ERROR, THROTTLE, FORCED }

    public record Fault(Kind kind, int status) {
    }

    private record Window(Instant from, Instant until) {
    }

    private volatile double errorRate;
    private volatile double throttleRate;
    private volatile Duration latency = Duration.ZERO;
    private volatile Duration latencyJitter = Duration.ZERO;
    private final List<Window> outages = new CopyOnWriteArrayList<>();
    private final AtomicInteger forcedFailures = new AtomicInteger();
    private volatile int forcedStatus = 500;

    /** Share (0..1) of requests answered with 500. */
    public FaultPlan errorRate(double rate) {
        this.errorRate = check(rate);
        return this;
    }

    /** Share (0..1) of requests answered with 429 and a Retry-After, on top of the platform's own rate limit. */
    public FaultPlan throttleRate(double rate) {
        this.throttleRate = check(rate);
        return this;
    }

    /** Fixed delay added to every request plus a random jitter up to {@code jitter}. */
    public FaultPlan latency(Duration fixed, Duration jitter) {
        this.latency = fixed;
        this.latencyJitter = jitter;
        return this;
    }

    /** Every request from {@code from} for {@code length} gets 503. */
    public FaultPlan outage(Instant from, Duration length) {
        outages.add(new Window(from, from.plus(length)));
        return this;
    }

    public FaultPlan outageNow(Duration length) {
        return outage(Instant.now(), length);
    }

    /** The next {@code count} API requests fail with {@code status}. */
    public FaultPlan failNext(int count, int status) {
        this.forcedStatus = status;
        forcedFailures.set(count);
        return this;
    }

    /** Back to a healthy platform. */
    public FaultPlan clear() {
        errorRate = 0;
        throttleRate = 0;
        latency = Duration.ZERO;
        latencyJitter = Duration.ZERO;
        outages.clear();
        forcedFailures.set(0);
        return this;
    }

    public boolean inOutage(Instant now) {
        outages.removeIf(w -> w.until.isBefore(now));
        return outages.stream().anyMatch(w -> !now.isBefore(w.from) && now.isBefore(w.until));
    }

    /** Sleeps the configured latency (on the request's own worker thread). */
    void delay() throws InterruptedException {
        long ms = latency.toMillis();
        long jitter = latencyJitter.toMillis();
        if (jitter > 0) {
            ms += ThreadLocalRandom.current().nextLong(jitter + 1);
        }
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    /** The fault for this request, if any. */
    Optional<Fault> decide(Instant now) {
        if (inOutage(now)) {
            return Optional.of(new Fault(Kind.OUTAGE, 503));
        }
        if (forcedFailures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return Optional.of(new Fault(Kind.FORCED, forcedStatus));
        }
        double roll = ThreadLocalRandom.current().nextDouble();
        if (roll < errorRate) {
            return Optional.of(new Fault(Kind.ERROR, 500));
        }
        if (roll < errorRate + throttleRate) {
            return Optional.of(new Fault(Kind.THROTTLE, 429));
        }
        return Optional.empty();
    }

    private static double check(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("a rate is a share between 0 and 1, got " + rate);
        }
        return rate;
    }
}
