package io.synchub.outbox;

/** At push time there is nothing to push any more (product deleted, link removed, SKU missing): the job is skipped. */
public class PushSkipped extends RuntimeException {

    public PushSkipped(String reason) {
        super(reason);
    }
}
