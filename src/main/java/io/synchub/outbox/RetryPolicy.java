package io.synchub.outbox;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed push is tried again: exponential backoff from {@code initial-delay} doubling up to
 * {@code max-delay}, with full jitter on the upper half (so a fleet of jobs failing together does not retry
 * together), never sooner than the target's Retry-After; after {@code max-attempts} the job is dead-lettered.
 */
@Component
public class RetryPolicy {

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration circuitOpenWait;

    public RetryPolicy(@Value("${synchub.outbox.retry.max-attempts:8}") int maxAttempts,
                       @Value("${synchub.outbox.retry.initial-delay:2s}") Duration initialDelay,
                       @Value("${synchub.outbox.retry.max-delay:10m}") Duration maxDelay,
                       @Value("${synchub.outbox.circuit-breaker.wait-in-open:30s}") Duration circuitOpenWait) {
        this.maxAttempts = maxAttempts;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.circuitOpenWait = circuitOpenWait;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait before attempt {@code attemptsSoFar + 1}. */
    public Duration delayAfter(int attemptsSoFar, Duration retryAfter) {
        long base = initialDelay.toMillis() << Math.min(Math.max(attemptsSoFar - 1, 0), 20);
        long capped = Math.min(base, maxDelay.toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        long wait = retryAfter == null ? jittered : Math.max(jittered, retryAfter.toMillis());
        return Duration.ofMillis(wait);
    }

    /** How long jobs wait while a target's circuit is open (they keep their attempts). */
    public Duration circuitOpenWait() {
        return circuitOpenWait;
    }
}
