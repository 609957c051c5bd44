package io.synchub.http;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many webhook bodies are read at once. Reading is bounded so that slow senders hold at most this many servlet
 * threads; health shows the intake DEGRADED while every slot is taken (deliveries then get 503 and are retried by
 * the platforms).
 */
public class WebhookIntakeCapacity implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED");

    private final int slots;
    private final Semaphore free;
    private final AtomicLong turnedAway = new AtomicLong();

    public WebhookIntakeCapacity(int slots) {
        this.slots = slots;
        this.free = new Semaphore(slots);
    }

    boolean tryAcquire() {
        if (free.tryAcquire()) {
            return true;
        }
        turnedAway.incrementAndGet();
        return false;
    }

    void release() {
        free.release();
    }

    public int inUse() {
        return slots - free.availablePermits();
    }

    @Override
    public Health health() {
        Health.Builder health = free.availablePermits() == 0 ? Health.status(DEGRADED) : Health.up();
        return health.withDetail("readSlots", slots).withDetail("reading", inUse())
                .withDetail("turnedAway", turnedAway.get()).build();
    }
}
