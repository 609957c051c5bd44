package io.synchub.runs;

/**
 * Spaces every request to one platform to a fixed rate, counted from the first request: request n may start no
 * earlier than {@code first + n / rate}. Shared by all threads of a run, so pages in flight never add up to more than
 * the limit, and a paced run takes the floor the rate sets (requests / rate) rather than discovering the limit
 * through 429s. A platform's {@code Retry-After} pushes the schedule back for everyone. Rate 0 = unpaced.
 */
public final class RequestPacer {

    private final double perSecond;
    private long nextNanos;
    private boolean started;

    public RequestPacer(double perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("a request rate cannot be negative, got " + perSecond);
        }
        this.perSecond = perSecond;
    }

    /** Blocks until this caller's slot; returns the time waited in nanoseconds. */
    public long acquire() throws InterruptedException {
        if (perSecond == 0) {
            // unpaced, but a platform's Retry-After still holds everyone back
            long until;
            synchronized (this) {
                until = started ? nextNanos : 0;
            }
            long wait = until - System.nanoTime();
            if (until != 0 && wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                return wait;
            }
            return 0;
        }
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            // never before the slot after the previous request, and no credit for time nobody asked: a slot left
            // unused in the past would let this request follow the previous one by less than an interval
            slot = started ? Math.max(nextNanos, now) : now;
            nextNanos = slot + intervalNanos();
            started = true;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        return Math.max(0, wait);
    }

    /**
     * A request was refused (429) with a wait of {@code millis}: no one is given a slot before the wait is over. When
     * the refused request is asked again in the slot it already held ({@link #waitOutRefusal}), only the time it lost
     * moves the later slots back (the refused request did not count against the platform's limit; asking for a new
     * slot would cost a whole interval per 429).
     */
    public synchronized void holdBack(long millis) {
        long retryAt = System.nanoTime() + millis * 1_000_000;
        nextNanos = Math.max(nextNanos, perSecond == 0 ? retryAt : retryAt + intervalNanos());
        started = true;
    }

    /**
     * {@link #holdBack} and then sleeps the wait out: the caller asks again at once, in the slot it already holds (no
     * {@link #acquire}).
     */
    public void waitOutRefusal(long millis) throws InterruptedException {
        holdBack(millis);
        Thread.sleep(millis);
    }

    /**
     * A Retry-After header in milliseconds: seconds, fractions allowed (Shopify sends "1.0"), at most a minute; 1 s when
     * there is none or it is an HTTP date or garbage (a short, safe wait).
     */
    public static long retryAfterMillis(String header) {
        return retryAfterMillis(header, 60_000);
    }

    /** {@link #retryAfterMillis(String)} for a platform that asks for waits longer than a minute: at most {@code capMillis}. */
    public static long retryAfterMillis(String header, long capMillis) {
        if (header == null || header.isBlank()) {
            return 1000;
        }
        try {
            return Math.max(0, Math.min(capMillis, Math.round(Double.parseDouble(header.trim()) * 1000)));
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    public double perSecond() {
        return perSecond;
    }

    private long intervalNanos() {
        return (long) (1e9 / perSecond);
    }
}
