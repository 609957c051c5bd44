package io.synchub.outbox;

/** The target refused the request itself (validation, auth, a stale compare): not a sign the target is down. */
public class PushRejected extends PushFailure {

    public PushRejected(ErrorClass errorClass, String message) {
        super(errorClass, message, null);
    }
}
