package io.synchub.orders.events;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token bucket per polling client (API key + remote address): {@code burst} requests at once, refilled at
 * {@code per-second}. Buckets idle for long are forgotten so the map cannot grow without bound.
 */
@Component
public class PollRateLimiter {

    private static final long IDLE_NANOS = 10L * 60 * 1_000_000_000L;

    private final double perSecond;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep = System.nanoTime();

    public PollRateLimiter(@Value("${synchub.order-events.polling.per-second:2}") double perSecond,
                           @Value("${synchub.order-events.polling.burst:10}") double burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** 0 when the request may proceed, else the whole seconds the client should wait. */
    public long acquire(String client) {
        long now = System.nanoTime();
        sweep(now);
        Bucket b = buckets.computeIfAbsent(client, k -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.at) / 1e9 * perSecond);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
        }
    }

    private void sweep(long now) {
        if (now - lastSweep < IDLE_NANOS) {
            return;
        }
        lastSweep = now;
        buckets.entrySet().removeIf(e -> now - e.getValue().at > IDLE_NANOS);
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
