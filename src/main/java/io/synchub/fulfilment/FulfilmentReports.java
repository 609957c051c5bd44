package io.synchub.fulfilment;

import io.synchub.orders.StoredOrder;
import io.synchub.outbox.Outbox;
import io.synchub.outbox.PushTargets;
import io.synchub.platform.PlatformDeclaration;
import io.synchub.platform.PlatformRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * A shipped order reported back to the shop it came from: planned as an outbox job (order, the shop's origin,
 * report-fulfilment) in the transaction that applies the fulfilling platform's Shipped, then pushed by the shop's
 * push-<id>-fulfilments route. Only platforms declaring {@code fulfilment.reportsShipped} in their platform.yaml are
 * told; orders from other sources (API, POS) have no shop to tell.
 */
@Component("fulfilmentReports")
public class FulfilmentReports {

    private static final Logger LOG = LoggerFactory.getLogger(FulfilmentReports.class);

    private final Outbox outbox;
    private final PushTargets targets;
    private final PlatformRegistry platforms;

    public FulfilmentReports(Outbox outbox, PushTargets targets, PlatformRegistry platforms) {
        this.outbox = outbox;
        this.targets = targets;
        this.platforms = platforms;
    }

    /**
     * In the caller's transaction: the report job for the order's own shop, if it came from a platform that declares
     * {@code fulfilment.reportsShipped} and is configured. {@code shippedBy}: the fulfilling platform (the job's origin).
     */
    public void planShipped(StoredOrder order, String shippedBy) {
        String target = order.origin();
        if (!platforms.find(target).map(PlatformDeclaration::reportsShipped).orElse(false)) {
            LOG.info("order {} from {} shipped: no shop to report it to", order.id(), order.origin());
            return;
        }
        if (!targets.enabled(target) || order.externalId() == null) {
            LOG.warn("order {} shipped but {} is not configured for pushes (or the order has no {} id): not reported", order.id(), target, target);
            return;
        }
        outbox.enqueue(Outbox.ENTITY_ORDER, Long.toString(order.id()), order.clientId(), target, Outbox.OP_REPORT_FULFILMENT,
                FulfilmentPlanner.PRIORITY_ORDER, shippedBy, null, Set.of());
    }

}
