package io.synchub.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value read from the database at most once per {@code maxAge}: every gauge of one snapshot shares the reading, so a
 * scrape costs one set of indexed queries every few seconds however often Prometheus (or a person) asks.
 */
final class CachedReading<T> {

    private final Supplier<T> reader;
    private final Duration maxAge;
    private final Clock clock;
    private T value;
    private long readAtMillis = Long.MIN_VALUE;

    CachedReading(Supplier<T> reader, Duration maxAge, Clock clock) {
        this.reader = reader;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    synchronized T get() {
        long now = clock.millis();
        if (value == null || now - readAtMillis >= maxAge.toMillis()) {
            value = reader.get();
            readAtMillis = now;
        }
        return value;
    }
}
