package io.synchub.outbox;

import java.time.Duration;

/**
 * A push the target did not accept, classified. Thrown inside the circuit breaker: retryable classes count as
 * failures of the target, {@link PushRejected} ones do not (the target is healthy, the request was refused).
 */
public class PushFailure extends RuntimeException {

    private final ErrorClass errorClass;
    private final Duration retryAfter;

    public PushFailure(ErrorClass errorClass, String message, Duration retryAfter) {
        super(message);
        this.errorClass = errorClass;
        this.retryAfter = retryAfter;
    }

    public PushFailure(ErrorClass errorClass, String message) {
        this(errorClass, message, null);
    }

    public ErrorClass errorClass() {
        return errorClass;
    }

    /** The wait the target asked for (Retry-After), null when it named none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** A failure class from an HTTP answer: rejections (4xx except 408/429) are {@link PushRejected}. */
    public static PushFailure ofStatus(int status, String message, Duration retryAfter) {
        ErrorClass c = ErrorClass.ofStatus(status);
        return c.retryable() ? new PushFailure(c, message, retryAfter) : new PushRejected(c, message);
    }

    /** Parses a Retry-After header given in seconds (Shopify sends fractions such as "2.0"); null when absent. */
    public static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(header.trim());
            return seconds <= 0 ? Duration.ZERO : Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (NumberFormatException e) {
            try {
                var at = java.time.ZonedDateTime.parse(header.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(java.time.Instant.now(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }
}
