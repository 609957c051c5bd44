package io.synchub.platform.admin;

/** The admin panel did not answer usefully: refused, timed out, 5xx, wrong key, or its circuit breaker is open. */
public class AdminUnavailable extends RuntimeException {

    public AdminUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
