package io.synchub.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.events.OrderEventLog;
import io.synchub.orders.events.OrderEventLog.Pending;
import io.synchub.orders.events.OrderEventType;
import io.synchub.orders.workflow.OrderWorkflow;
import io.synchub.orders.workflow.OrderWorkflowsFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orders of the central store. Every change of state (created, stage, payment, fulfilment status, deleted)
 * writes the order row and appends its events in one transaction (the inbox delivery's, or its own for API calls).
 */
@Component("orderStore")
public class OrderStore {

    private static final Logger LOG = LoggerFactory.getLogger(OrderStore.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final OrderEventLog events;
    private final ObjectProvider<OrderCreatedListener> createdListeners;
    private final OrderWorkflowsFile workflows;

    public OrderStore(JdbcTemplate jdbc, PlatformTransactionManager txManager, OrderEventLog events,
                      ObjectProvider<OrderCreatedListener> createdListeners, OrderWorkflowsFile workflows) {
        this.jdbc = jdbc;
        this.workflows = workflows;
        this.tx = new TransactionTemplate(txManager);
        this.events = events;
        this.createdListeners = createdListeners;
    }

    private org.springframework.jdbc.core.RowMapper<StoredOrder> rows() {
        return StoredOrder.rows(workflows.current());
    }

    /** What storing a draft did. */
    public record Stored(StoredOrder order, boolean created, boolean changed) {
    }

    public Optional<StoredOrder> find(long id) {
        return jdbc.query("SELECT * FROM orders WHERE id = ? AND deleted = FALSE", rows(), id).stream().findFirst();
    }

    public Optional<StoredOrder> findByExternal(String origin, String clientId, String externalId) {
        return jdbc.query("SELECT * FROM orders WHERE origin = ? AND client_id = ? AND external_id = ? AND deleted = FALSE",
                rows(), origin, clientId, externalId).stream().findFirst();
    }

    public StoredOrder get(long id) {
        return find(id).orElseThrow(() -> ApiException.notFound("order " + id));
    }

    /**
     * The order a client addresses: by the hub's numeric id, else by the client's own order id. A key bound to a
     * tenant finds only that tenant's orders (any other answers 404, as if it did not exist). An order id that
     * several sources use answers 409 naming the hub ids to use instead.
     */
    public StoredOrder resolve(String orderID, String boundTenant) {
        String ref = orderID == null ? "" : orderID.trim();
        if (ref.isEmpty() || ref.length() > 100) {
            throw ApiException.badRequest("'orderID' must be the order's id (the client's own, at most 100 characters, or the hub's numeric id), got '"
                    + orderID + "'");
        }
        if (ref.matches("\\d{1,18}")) {
            Optional<StoredOrder> byId = find(Long.parseLong(ref));
            if (byId.isPresent() && visible(byId.get(), boundTenant)) {
                return byId.get();
            }
        }
        List<StoredOrder> found = jdbc.query("SELECT * FROM orders WHERE order_ref = ? AND deleted = FALSE ORDER BY id", rows(), ref)
                .stream().filter(o -> visible(o, boundTenant)).toList();
        if (found.isEmpty()) {
            throw ApiException.notFound("order " + ref);
        }
        if (found.size() > 1) {
            throw ApiException.conflict("order id " + ref + " is used by several sources (hub ids "
                    + String.join(", ", found.stream().map(o -> o.id() + " from " + o.origin()).toList()) + "); address it by the hub id");
        }
        return found.get(0);
    }

    /** The orders matching a list request, newest change last within the page order (by hub id). */
    public io.synchub.api.ListPage<ObjectNode> list(OrderQuery query, io.synchub.api.Paging paging) {
        List<Object> args = new ArrayList<>();
        String where = query.where(args);
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM orders" + where, Long.class, args.toArray());
        args.add(paging.limit());
        args.add(paging.offset());
        List<ObjectNode> items = jdbc.query("SELECT * FROM orders" + where + " ORDER BY id LIMIT ? OFFSET ?", rows(), args.toArray())
                .stream().map(StoredOrder::view).toList();
        return new io.synchub.api.ListPage<>(items, total, paging.limit(), paging.offset());
    }

    private static boolean visible(StoredOrder o, String boundTenant) {
        return boundTenant == null || boundTenant.equals(o.tenantId());
    }

    /**
     * An order from its own platform (webhook): created when new, else updated — a repeated or reordered create is an
     * update, never a second order. Updates older than the last one applied (the source's own clock) are skipped;
     * the stage only moves forward (see {@link OrderStage#platformMayMoveTo}); payment and fulfilment status follow
     * the platform, except that a platform without a fulfilment status keeps the one the hub has.
     */
    public Stored applyFromPlatform(OrderDraft d) {
        return tx.execute(s -> {
            StoredOrder existing = d.externalId() == null ? null : lockByExternal(d.origin(), d.clientId(), d.externalId());
            if (existing == null) {
                if (deletedExists(d)) {
                    LOG.info("order {} {} of {} was deleted in the hub; the platform's update is not applied", d.origin(), d.externalId(), d.clientId());
                    return new Stored(null, false, false);
                }
                return new Stored(insert(d), true, true);
            }
            if (d.sourceUpdatedAt() != null && existing.sourceUpdatedAt() != null && d.sourceUpdatedAt().isBefore(existing.sourceUpdatedAt())) {
                LOG.info("stale_skipped: {} order {} update from {} is older than the one applied ({})", d.origin(), d.externalId(),
                        d.sourceUpdatedAt(), existing.sourceUpdatedAt());
                return new Stored(existing, false, false);
            }
            String stage = existing.stage();
            if (!d.stage().equals(existing.stage())) {
                OrderWorkflow w = workflows.current().stored(existing.workflow());
                OrderStage from = OrderStage.fromWire(existing.stage());
                OrderStage to = OrderStage.fromWire(d.stage());
                if (w.hasStage(d.stage()) && (w.canMove(existing.stage(), d.stage())
                        || (from != null && to != null && from.platformMayMoveTo(to)))) {
                    stage = d.stage();
                } else {
                    LOG.info("{} order {} reports stage {} but the hub has it {}; the stage stays", d.origin(), d.externalId(),
                            d.stage(), existing.stage());
                }
            }
            // a platform that reports no fulfilment status (WooCommerce never does; Shopify before fulfilment) leaves the
            // warehouse's (JTL's outbound status) in place
            String fulfilment = d.fulfilmentStatus() != null ? d.fulfilmentStatus() : existing.fulfilmentStatus();
            return new Stored(update(existing, d, stage, d.paymentStatus(), fulfilment, d.origin()), false, true);
        });
    }

    /**
     * An order from another source (POST /api/v1/orders). With an {@code externalId} already known for that origin
     * and client: the same content is a retry and answers the stored order; different content is 409.
     */
    public Stored createFromApi(OrderDraft d) {
        return tx.execute(s -> {
            if (d.externalId() != null) {
                StoredOrder existing = lockByExternal(d.origin(), d.clientId(), d.externalId());
                if (existing != null) {
                    OrderDraft storedContent = contentOf(existing);
                    if (CanonicalJson.sameValue(storedContent.content(), d.content())) {
                        return new Stored(existing, false, false);
                    }
                    throw ApiException.conflict("order " + d.externalId() + " from " + d.origin() + " already exists as order "
                            + existing.id() + " with different content; change it through /api/v1/orders/" + existing.id()
                            + "/stage or /payment, or use another externalId");
                }
                if (deletedExists(d)) {
                    throw ApiException.conflict("order " + d.externalId() + " from " + d.origin() + " was deleted in the hub; use another externalId");
                }
            }
            if (d.orderRef() != null) {
                List<Map<String, Object>> taken = jdbc.queryForList("SELECT id, deleted FROM orders WHERE origin = ? AND client_id = ? "
                        + "AND tenant_id = ? AND order_ref = ?", d.origin(), d.clientId(), d.tenantId(), d.orderRef());
                if (!taken.isEmpty() && Boolean.TRUE.equals(taken.get(0).get("deleted"))) {
                    throw ApiException.conflict("order " + d.orderRef() + " from " + d.origin() + " was deleted in the hub; use another orderID");
                }
                StoredOrder same = taken.isEmpty() ? null : lock(((Number) taken.get(0).get("id")).longValue());
                if (same != null) {
                    if (d.externalId() == null && CanonicalJson.sameValue(contentOf(same).content(), d.content())) {
                        return new Stored(same, false, false);
                    }
                    throw ApiException.conflict("order " + d.orderRef() + " from " + d.origin() + " already exists (hub id " + same.id()
                            + "); change it through /api/v1/orders/" + d.orderRef() + "/stage or /payment, or use another orderID");
                }
            }
            StoredOrder created = insert(d, workflows.current().stored(d.workflow()).initial());
            if (!created.stage().equals(d.stage())) {
                // created at a later stage: the move from the workflow's initial stage is an event like any other
                created = update(created, null, d.stage(), created.paymentStatus(), created.fulfilmentStatus(), d.origin());
            }
            return new Stored(announced(created), true, true);
        });
    }

    /** Moves an order to another stage; 409 with the allowed stages when the transition is impossible. */
    public StoredOrder changeStage(long id, String target, String origin) {
        return tx.execute(s -> {
            StoredOrder o = lock(id);
            OrderWorkflow w = workflows.current().stored(o.workflow());
            if (!w.hasStage(target)) {
                throw ApiException.unprocessable("send {\"stage\": \"<stage>\"} with one of " + String.join(", ", w.stages())
                        + " (workflow " + w.name() + "); got \"" + target + "\"");
            }
            if (o.stage().equals(target)) {
                return o;
            }
            if (!w.canMove(o.stage(), target)) {
                List<String> next = w.next(o.stage());
                throw new ApiException(409, "invalid_transition", "order " + o.orderID() + " is " + o.stage() + " and cannot move to "
                        + target + "; allowed from " + o.stage() + ": " + (next.isEmpty() ? "none (final stage)" : String.join(", ", next)));
            }
            return update(o, null, target, o.paymentStatus(), o.fulfilmentStatus(), origin);
        });
    }

    public StoredOrder changePayment(long id, PaymentStatus status, String origin) {
        return tx.execute(s -> {
            StoredOrder o = lock(id);
            return update(o, null, o.stage(), status, o.fulfilmentStatus(), origin);
        });
    }

    /** The fulfilment status (the warehouse's view: e.g. from JTL's outbound updates); appends status_update. */
    public StoredOrder changeFulfilmentStatus(long id, String status, String origin) {
        return tx.execute(s -> {
            StoredOrder o = lock(id);
            return update(o, null, o.stage(), o.paymentStatus(), status, origin);
        });
    }

    /** Deletes an order (kept as a tombstone so a late platform update does not bring it back). */
    public void delete(long id, String origin) {
        tx.executeWithoutResult(s -> {
            StoredOrder o = lock(id);
            jdbc.update("UPDATE orders SET deleted = TRUE, version = version + 1, updated_at = ? WHERE id = ?",
                    Timestamp.from(Instant.now()), id);
            ObjectNode data = CanonicalJson.object().put("origin", origin).put("externalId", o.externalId())
                    .put("previousStage", o.stage());
            events.append(o.subject(), List.of(new Pending(OrderEventType.ORDER_DELETED, data)));
        });
    }

    // --- inside a transaction ---

    private StoredOrder lock(long id) {
        return jdbc.query("SELECT * FROM orders WHERE id = ? AND deleted = FALSE FOR UPDATE", rows(), id).stream()
                .findFirst().orElseThrow(() -> ApiException.notFound("order " + id));
    }

    private StoredOrder lockByExternal(String origin, String clientId, String externalId) {
        return jdbc.query("SELECT * FROM orders WHERE origin = ? AND client_id = ? AND external_id = ? AND deleted = FALSE FOR UPDATE",
                rows(), origin, clientId, externalId).stream().findFirst().orElse(null);
    }

    private boolean deletedExists(OrderDraft d) {
        return d.externalId() != null && !jdbc.queryForList("SELECT id FROM orders WHERE origin = ? AND client_id = ? AND external_id = ? AND deleted = TRUE",
                Long.class, d.origin(), d.clientId(), d.externalId()).isEmpty();
    }

    private StoredOrder insert(OrderDraft d) {
        return announced(insert(d, d.stage()));
    }

    /** Tells the listeners (fulfilment) about a new order, in its first complete state. */
    private StoredOrder announced(StoredOrder order) {
        createdListeners.orderedStream().forEach(l -> l.onOrderCreated(order));
        return order;
    }

    private StoredOrder insert(OrderDraft d, String stage) {
        Timestamp now = Timestamp.from(Instant.now());
        ObjectNode body = body(d);
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("INSERT INTO orders (client_id, origin, external_id, order_number, customer_ref, currency, total, "
                    + "stage, payment_status, fulfilment_status, test, body, source_updated_at, version, placed_at, created_at, updated_at, "
                    + "order_ref, tenant_id, workflow) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)", new String[]{"id"});
            ps.setString(1, d.clientId());
            ps.setString(2, d.origin());
            ps.setString(3, d.externalId());
            ps.setString(4, d.orderNumber());
            ps.setString(5, d.customerRef());
            ps.setString(6, d.currency());
            ps.setBigDecimal(7, d.total());
            ps.setString(8, stage);
            ps.setString(9, d.paymentStatus().wire());
            ps.setString(10, d.fulfilmentStatus());
            ps.setBoolean(11, d.test());
            ps.setString(12, CanonicalJson.write(body));
            ps.setTimestamp(13, d.sourceUpdatedAt() == null ? null : Timestamp.from(d.sourceUpdatedAt()));
            ps.setTimestamp(14, d.placedAt() == null ? null : Timestamp.from(d.placedAt()));
            ps.setTimestamp(15, now);
            ps.setTimestamp(16, now);
            ps.setString(17, d.orderRef());
            ps.setString(18, d.tenantId() == null ? "" : d.tenantId());
            ps.setString(19, d.workflow());
            return ps;
        }, keys);
        long id = keys.getKey().longValue();
        if (d.orderRef() == null) {
            // an order sent without its own id is known by the hub's
            jdbc.update("UPDATE orders SET order_ref = ? WHERE id = ?", Long.toString(id), id);
        }
        StoredOrder order = lock(id);
        events.append(order.subject(), List.of(new Pending(OrderEventType.ORDER_CREATED,
                CanonicalJson.object().put("origin", d.origin()).set("order", order.view()))));
        return order;
    }

    /** Writes the new state and appends one event per state that changed; a write that changes nothing is no event. */
    private StoredOrder update(StoredOrder o, OrderDraft content, String stage, PaymentStatus payment, String fulfilment, String origin) {
        List<Pending> pending = new ArrayList<>();
        ObjectNode body = content == null ? (ObjectNode) o.body() : body(content);
        boolean contentChanged = content != null && !CanonicalJson.sameValue(body, o.body());
        boolean stageChanged = !stage.equals(o.stage());
        if (stageChanged) {
            ObjectNode change = CanonicalJson.object().put("previousStage", o.stage()).put("newStage", stage).put("origin", origin);
            change.putObject("order").put("orderID", o.orderID()).put("id", o.id());
            pending.add(new Pending(OrderEventType.STAGE_CHANGE, change));
        }
        if (payment != o.paymentStatus()) {
            pending.add(new Pending(OrderEventType.PAYMENT_UPDATE, CanonicalJson.object().put("previousStatus", o.paymentStatus().wire())
                    .put("newStatus", payment.wire()).put("paymentStatus", payment.wire()).put("origin", origin)));
        }
        if (!java.util.Objects.equals(fulfilment, o.fulfilmentStatus())) {
            pending.add(new Pending(OrderEventType.STATUS_UPDATE, CanonicalJson.object().put("previousStatus", o.fulfilmentStatus())
                    .put("newStatus", fulfilment).put("status", fulfilment).put("origin", origin)));
        }
        if (pending.isEmpty() && !contentChanged) {
            return o;
        }
        Instant sourceAt = content != null && content.sourceUpdatedAt() != null ? content.sourceUpdatedAt() : o.sourceUpdatedAt();
        jdbc.update("UPDATE orders SET stage = ?, payment_status = ?, fulfilment_status = ?, body = ?, order_number = ?, customer_ref = ?, "
                        + "currency = ?, total = ?, source_updated_at = ?, version = version + 1, updated_at = ? WHERE id = ?",
                stage, payment.wire(), fulfilment, CanonicalJson.write(body),
                content == null ? o.orderNumber() : content.orderNumber(), content == null ? o.customerRef() : content.customerRef(),
                content == null ? o.currency() : content.currency(), content == null ? o.total() : content.total(),
                sourceAt == null ? null : Timestamp.from(sourceAt), Timestamp.from(Instant.now()), o.id());
        StoredOrder updated = lock(o.id());
        if (stageChanged) {
            // the list-view form of the same transition: carries the order's summary so a list needs no reload
            int at = 1;
            pending.add(at, new Pending(OrderEventType.ORDER_STAGE_CHANGE, CanonicalJson.object().put("previousStage", o.stage())
                    .put("newStage", stage).put("origin", origin).set("order", updated.summary())));
        }
        events.append(updated.subject(), pending);
        return updated;
    }

    private ObjectNode body(OrderDraft d) {
        ObjectNode body = CanonicalJson.object();
        body.set("lines", withProducts(d));
        body.set("totals", d.totals());
        if (d.shippingAddress() != null) {
            body.set("shippingAddress", d.shippingAddress());
        }
        return body;
    }

    /** Links each line to the hub's product: by the platform's variant link, else by SKU; a missing SKU is taken from the product. */
    private ArrayNode withProducts(OrderDraft d) {
        ArrayNode lines = d.lines().deepCopy();
        for (JsonNode l : lines) {
            ObjectNode line = (ObjectNode) l;
            List<Map<String, Object>> found = List.of();
            if (line.hasNonNull("variantId")) {
                found = jdbc.queryForList("SELECT p.id, p.sku FROM product_links l JOIN products p ON p.id = l.product_id "
                        + "WHERE l.platform = ? AND l.client_id = ? AND l.external_variant_id = ? AND p.deleted = FALSE",
                        d.origin(), d.clientId(), line.get("variantId").asText());
            }
            if (found.isEmpty() && line.hasNonNull("sku")) {
                found = jdbc.queryForList("SELECT id, sku FROM products WHERE client_id = ? AND sku = ? AND deleted = FALSE",
                        d.clientId(), line.get("sku").asText());
            }
            if (!found.isEmpty()) {
                line.put("productId", ((Number) found.get(0).get("id")).longValue());
                if (!line.hasNonNull("sku") && found.get(0).get("sku") != null) {
                    line.put("sku", String.valueOf(found.get(0).get("sku")));
                }
            } else {
                line.putNull("productId");
            }
        }
        return lines;
    }

    private OrderDraft contentOf(StoredOrder o) {
        ArrayNode lines = CanonicalJson.MAPPER.createArrayNode();
        o.lines().forEach(l -> {
            ObjectNode c = ((ObjectNode) l).deepCopy();
            c.remove("productId");
            lines.add(c);
        });
        return new OrderDraft(o.clientId(), o.origin(), o.externalId(), o.orderNumber(), o.customerRef(), o.currency(), lines,
                (ObjectNode) o.body().path("totals"), o.total(), o.paymentStatus(), o.stage(), o.fulfilmentStatus(), o.test(),
                o.placedAt(), o.sourceUpdatedAt(), o.body().path("shippingAddress").isObject() ? (ObjectNode) o.body().get("shippingAddress") : null,
                o.orderRef(), o.tenantId(), o.workflow());
    }
}
