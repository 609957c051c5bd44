package io.synchub.fulfilment;

import io.synchub.orders.OrderCreatedListener;
import io.synchub.orders.OrderStage;
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
 * A new order is sent to the warehouse: inside the order's creating transaction, an outbox job (order, JTL,
 * create-outbound) is written, so the order and its fulfilment job commit together. Test orders, orders that arrive
 * already shipped, delivered, cancelled or returned, and a hub without JTL configured plan nothing.
 */
@Component
public class FulfilmentPlanner implements OrderCreatedListener {

    static final int PRIORITY_ORDER = 1;
    private static final Logger LOG = LoggerFactory.getLogger(FulfilmentPlanner.class);

    private final Outbox outbox;
    private final PushTargets targets;
    private final PlatformRegistry platforms;

    public FulfilmentPlanner(Outbox outbox, PushTargets targets, PlatformRegistry platforms) {
        this.outbox = outbox;
        this.targets = targets;
        this.platforms = platforms;
    }

    @Override
    public void onOrderCreated(StoredOrder order) {
        if (order.test()) {
            LOG.info("order {} is a test order: not sent to JTL fulfilment", order.id());
            return;
        }
        if (!java.util.Set.of(OrderStage.PENDING.wire(), OrderStage.CONFIRMED.wire(), OrderStage.PROCESSING.wire()).contains(order.stage())) {
            LOG.info("order {} arrived {}: not sent to JTL fulfilment", order.id(), order.stage());
            return;
        }
        PlatformDeclaration fulfiller = platforms.all().stream().filter(PlatformDeclaration::shipsOrders).findFirst().orElse(null);
        if (fulfiller == null || !targets.enabled(fulfiller.origin())) {
            LOG.info("order {} not sent to fulfilment: {}", order.id(), fulfiller == null
                    ? "no platform declares fulfilment.outbounds" : fulfiller.id() + " is not configured (" + fulfiller.enableHint() + ")");
            return;
        }
        outbox.enqueue(Outbox.ENTITY_ORDER, Long.toString(order.id()), order.clientId(), fulfiller.origin(), Outbox.OP_CREATE_OUTBOUND,
                PRIORITY_ORDER, order.origin(), null, Set.of());
    }
}
