package io.platformsim.core;

/**
 * A leaky bucket as Shopify describes its limits: each request adds its cost, the bucket leaks at a fixed rate, a
 * request that would overflow it is refused with the time until it would fit. Also models "1 request per 500 ms"
 * (capacity 1, leak 2/s).
 */
public final class LeakyBucket {

    public record Admission(boolean admitted, double level, double retryAfterSeconds) {
    }

    private final double capacity;
    private final double leakPerSecond;
    private double level;
    private long lastNanos = System.nanoTime();

    public LeakyBucket(double capacity, double leakPerSecond) {
        if (capacity <= 0 || leakPerSecond <= 0) {
            throw new IllegalArgumentException("a leaky bucket needs a positive capacity and leak rate");
        }
        this.capacity = capacity;
        this.leakPerSecond = leakPerSecond;
    }

    public synchronized Admission tryAdd(double cost) {
        leak();
        if (level + cost <= capacity + 1e-9) {
            level += cost;
            return new Admission(true, level, 0);
        }
        double wait = (level + cost - capacity) / leakPerSecond;
        return new Admission(false, level, wait);
    }

    /** Capacity minus what is in the bucket now. */
    public synchronized double available() {
        leak();
        return capacity - level;
    }

    public double capacity() {
        return capacity;
    }

    public double leakPerSecond() {
        return leakPerSecond;
    }

    private void leak() {
        long now = System.nanoTime();
        level = Math.max(0, level - (now - lastNanos) / 1e9 * leakPerSecond);
        lastNanos = now;
    }
}
