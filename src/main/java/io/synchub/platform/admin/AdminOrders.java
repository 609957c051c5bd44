package io.synchub.platform.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.OrderCreatedListener;
import io.synchub.orders.OrderStore;
import io.synchub.orders.StoredOrder;
import io.synchub.outbox.DeclaredPushTarget;
import io.synchub.outbox.Outbox;
import io.synchub.outbox.OutboxJob;
import io.synchub.outbox.PushFailure;
import io.synchub.outbox.PushSkipped;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Orders created in the hub (from the shops or the API) go to the admin panel: inside the order's creating
 * transaction an outbox job (order, the panel's origin, create) is written, so the order and its push commit
 * together; route push-admin-orders sends it through {@code mappings/admin/order-out.jsonata} to the declared
 * {@code createOrder} endpoint with the job's Idempotency-Key, and the outbox retries (5xx, timeouts, open breaker)
 * or dead-letters (any other refusal such as 422) it. The panel's own orders, test orders and a hub without the
 * panel configured plan nothing. The panel's order id is kept in {@code admin_orders}, so a replayed job never
 * sends an order twice.
 */
@Component("adminOrders")
public class AdminOrders implements OrderCreatedListener, DeclaredPushTarget {

    static final int PRIORITY_ORDER = 1;
    private static final Logger LOG = LoggerFactory.getLogger(AdminOrders.class);

    private final AdminPlatform platform;
    private final AdminClient client;
    private final Outbox outbox;
    private final OrderStore orders;
    private final JdbcTemplate jdbc;

    public AdminOrders(AdminPlatform platform, AdminClient client, Outbox outbox, OrderStore orders, JdbcTemplate jdbc) {
        this.platform = platform;
        this.client = client;
        this.outbox = outbox;
        this.orders = orders;
        this.jdbc = jdbc;
    }

    @Override
    public String target() {
        return platform.origin();
    }

    @Override
    public boolean enabled() {
        return platform.configured();
    }

    @Override
    public void onOrderCreated(StoredOrder order) {
        if (!platform.configured()) {
            return;
        }
        if (order.test()) {
            LOG.info("order {} is a test order: not sent to the admin panel", order.id());
            return;
        }
        if (platform.origin().equals(order.origin())) {
            return; // the panel's own order: it has it already
        }
        outbox.enqueue(Outbox.ENTITY_ORDER, Long.toString(order.id()), order.clientId(), platform.origin(), Outbox.OP_CREATE,
                PRIORITY_ORDER, order.origin(), null, Set.of());
    }

    /** The job's order as the input of mappings/admin/order-out.jsonata; skips orders gone or already sent. */
    public JsonNode prepare(Exchange exchange) {
        long orderId = orderId(exchange);
        StoredOrder order = orders.find(orderId)
                .orElseThrow(() -> new PushSkipped("order " + orderId + " was deleted before it reached the admin panel"));
        List<String> known = jdbc.queryForList("SELECT admin_order_id FROM admin_orders WHERE order_id = ?", String.class, orderId);
        if (!known.isEmpty()) {
            throw new PushSkipped("order " + orderId + " is in the admin panel already as " + known.get(0));
        }
        return order.view();
    }

    /**
     * Sends the mapped order with the job's Idempotency-Key and returns the panel's order id. A 2xx or a 409 (the
     * panel has this order) is done; unavailability (refused, timed out, 5xx, open breaker) is retried by the outbox;
     * any other answer is a refusal that goes to the dead letters with the panel's message.
     */
    public String send(String mappedOrder, Exchange exchange) {
        OutboxJob job = exchange.getProperty(OutboxJob.PROPERTY, OutboxJob.class);
        AdminClient.Answer answer = client.call("createOrder", null, null, CanonicalJson.parse(mappedOrder), job.idempotencyKey());
        if (answer.ok() || answer.status() == 409) {
            JsonNode id = answer.body() == null ? null : answer.body().get("orderId");
            return id == null || id.isNull() ? "" : id.asText();
        }
        throw PushFailure.ofStatus(answer.status(), "the admin panel answered HTTP " + answer.status() + ": "
                + (answer.body() == null ? "(no JSON body)" : answer.body().toString()), null);
    }

    /** Remembers the panel's order id for the job's order. */
    public void recordCreated(String adminOrderId, Exchange exchange) {
        long orderId = orderId(exchange);
        jdbc.update("INSERT INTO admin_orders (order_id, admin_order_id, pushed_at) SELECT ?, ?, ? WHERE NOT EXISTS "
                + "(SELECT 1 FROM admin_orders WHERE order_id = ?)", orderId, adminOrderId, Timestamp.from(Instant.now()), orderId);
        LOG.info("order {} reached the admin panel as {}", orderId, adminOrderId.isEmpty() ? "(no id answered)" : adminOrderId);
    }

    private static long orderId(Exchange exchange) {
        return Long.parseLong(exchange.getProperty(OutboxJob.PROPERTY, OutboxJob.class).entityId());
    }
}
