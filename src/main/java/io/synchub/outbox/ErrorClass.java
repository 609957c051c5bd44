package io.synchub.outbox;

/**
 * Why a push failed, which decides what happens next: retried with backoff (network, rate_limit, server),
 * parked in the dead letters at once (validation, auth), waited out without burning an attempt (circuit_open),
 * or retried at once without the compare guard (stale_compare: the hub owns stock, see PushFailure).
 */
public enum ErrorClass {
    NETWORK(true), RATE_LIMIT(true), SERVER(true), AUTH(false), VALIDATION(false), CIRCUIT_OPEN(true), STALE_COMPARE(true);

    private final boolean retryable;

    ErrorClass(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    public String code() {
        return name().toLowerCase();
    }

    /** The class of a failed HTTP answer. */
    public static ErrorClass ofStatus(int status) {
        if (status == 429) {
            return RATE_LIMIT;
        }
        if (status == 401 || status == 403) {
            return AUTH;
        }
        if (status == 408) {
            return NETWORK;
        }
        if (status >= 500) {
            return SERVER;
        }
        return VALIDATION;
    }
}
