package io.synchub.orders;

import io.synchub.canonical.CanonicalJson;
import io.synchub.inbox.Inbox;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Stores what an order mapping ({@code mappings/<platform>/order-in.jsonata}) produced from a platform's order
 * webhook. Runs inside the inbox delivery's transaction. Test orders (Shopify's {@code test: true}) are stored and
 * streamed, flagged {@code test}, unless {@code synchub.orders.accept-test-orders} is false; fulfilment skips them.
 */
@Component("orderInbound")
public class OrderInbound {

    private static final Logger LOG = LoggerFactory.getLogger(OrderInbound.class);

    private final OrderStore store;
    private final boolean acceptTestOrders;

    private final io.synchub.orders.workflow.OrderWorkflowsFile workflows;

    public OrderInbound(OrderStore store, @Value("${synchub.orders.accept-test-orders:true}") boolean acceptTestOrders,
                        io.synchub.orders.workflow.OrderWorkflowsFile workflows) {
        this.store = store;
        this.workflows = workflows;
        this.acceptTestOrders = acceptTestOrders;
    }

    public void apply(String mappedJson, @Header(Inbox.HEADER_PLATFORM) String platform, @Header(Inbox.HEADER_CLIENT) String clientId,
                      @Header(Inbox.HEADER_TOPIC) String topic, @Header(Inbox.HEADER_ID) Long inboxId) {
        OrderDraft draft = OrderDraft.from(CanonicalJson.parse(mappedJson), clientId, platform, false, workflows.current());
        if (draft.orderRef() == null) {
            draft = draft.withOrderRef(draft.externalId()); // a shop order is known by its id at the shop
        }
        if (draft.test() && !acceptTestOrders) {
            LOG.info("test order {} {} (inbox {}) ignored: synchub.orders.accept-test-orders is false", platform, draft.externalId(), inboxId);
            return;
        }
        OrderStore.Stored stored = store.applyFromPlatform(draft);
        if (stored.order() != null) {
            LOG.debug("{} {} (inbox {}): order {} {}", platform, topic, inboxId, stored.order().id(),
                    stored.created() ? "created" : "updated");
        }
    }

    /** A platform's order deletion ({@code {"id": …}} only): the hub's order is deleted and order_deleted streamed. */
    public void delete(String externalId, @Header(Inbox.HEADER_PLATFORM) String platform, @Header(Inbox.HEADER_CLIENT) String clientId) {
        store.findByExternal(platform, clientId, externalId).ifPresentOrElse(o -> store.delete(o.id(), platform),
                () -> LOG.info("{} deleted order {} which the hub does not have", platform, externalId));
    }
}
