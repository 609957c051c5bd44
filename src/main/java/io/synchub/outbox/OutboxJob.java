package io.synchub.outbox;

import java.util.Locale;

/** One claimed outbox row: push the latest state of one entity to one target. */
public record OutboxJob(long id, String entityType, String entityId, String clientId, String target, String operation,
                        int priority, String triggerOrigin, Long triggerRef, String changedFields, int attempts,
                        String errorClass, String idempotencyKey) {

    public static final String PROPERTY = "outboxJob";

    /** The push route for this job: {@code direct:push-<target>-<entity>s}, or {@code -stock} for stock operations;
     * order jobs go to {@code push-jtl-outbounds}, {@code push-<shop>-fulfilments} or (a new order for a declared
     * target) {@code push-<target>-orders}. */
    public String route() {
        if (Outbox.ENTITY_ORDER.equals(entityType)) {
            String what = Outbox.OP_CREATE_OUTBOUND.equals(operation) ? "outbounds"
                    : Outbox.OP_CREATE.equals(operation) ? "orders" : "fulfilments";
            return "direct:push-" + target.toLowerCase(Locale.ROOT) + "-" + what;
        }
        String what = Outbox.OP_STOCK.equals(operation) ? "stock" : entityType + "s";
        return "direct:push-" + target.toLowerCase(Locale.ROOT) + "-" + what;
    }

    public long productId() {
        return Long.parseLong(entityId);
    }

    /** The previous attempt failed because the platform's stock differed from what the hub compared against. */
    public boolean afterStaleCompare() {
        return ErrorClass.STALE_COMPARE.code().equals(errorClass);
    }
}
