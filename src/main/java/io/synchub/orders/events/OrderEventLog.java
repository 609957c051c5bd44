package io.synchub.orders.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.canonical.DbTime;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable order-event table. Events are appended inside the transaction of the order change they describe;
 * their ids come from a counter row that stays locked until that transaction commits, so ids follow commit order
 * (an identity column would hand out 10 before 9 commits, and a reader resuming after 10 would skip 9 forever).
 * The counter is separate from the product change log's, so order writes never wait for product writes.
 */
@Component("orderEventLog")
public class OrderEventLog {

    static final RowMapper<OrderEvent> ROW = (rs, n) -> new OrderEvent(rs.getLong("id"), (Long) (rs.getObject("order_id") == null ? null : rs.getLong("order_id")),
            rs.getString("client_id"), OrderEventType.fromWire(rs.getString("event_type")),
            CanonicalJson.parse(rs.getString("data")), DbTime.instant(rs.getObject("created_at")));

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher publisher;
    private final Duration retention;

    public OrderEventLog(JdbcTemplate jdbc, ApplicationEventPublisher publisher,
                         @Value("${synchub.order-events.retention:24h}") Duration retention) {
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.retention = retention;
    }

    /** An event to append: its type and data, about one order. */
    public record Pending(OrderEventType type, JsonNode data) {
    }

    /** Appends events about one order; must run inside the transaction of the change. */
    public List<OrderEvent> append(long orderId, String clientId, List<Pending> events) {
        return appendAbout(orderId, clientId, events);
    }

    /** Appends events about no order (stock holds); must run inside the transaction of the change. */
    public List<OrderEvent> appendWithoutOrder(String clientId, List<Pending> events) {
        return appendAbout(null, clientId, events);
    }

    private List<OrderEvent> appendAbout(Long orderId, String clientId, List<Pending> events) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("OrderEventLog.append must run inside the transaction of the order change");
        }
        if (events.isEmpty()) {
            return List.of();
        }
        jdbc.update("UPDATE order_event_counter SET last_id = last_id + ? WHERE id = 1", events.size());
        long id = jdbc.queryForObject("SELECT last_id FROM order_event_counter WHERE id = 1", Long.class) - events.size();
        Instant now = Instant.now();
        Timestamp ts = Timestamp.from(now);
        List<OrderEvent> appended = new ArrayList<>(events.size());
        List<Object[]> rows = new ArrayList<>(events.size());
        for (Pending p : events) {
            id++;
            OrderEvent e = new OrderEvent(id, orderId, clientId, p.type(), p.data(), now);
            appended.add(e);
            rows.add(new Object[]{id, orderId, clientId, p.type().wire(), CanonicalJson.write(p.data()), ts});
        }
        jdbc.batchUpdate("INSERT INTO order_events (id, order_id, client_id, event_type, data, created_at) VALUES (?, ?, ?, ?, ?, ?)", rows);
        long last = id;
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                publisher.publishEvent(new OrderEventsCommitted(last));
            }
        });
        return appended;
    }

    /** Events after {@code afterId} matching the filter, oldest first. */
    public List<OrderEvent> after(long afterId, OrderEventFilter filter, int limit) {
        List<Object> args = new ArrayList<>();
        args.add(afterId);
        String where = filter.sql(args);
        args.add(limit);
        return jdbc.query("SELECT * FROM order_events WHERE id > ?" + where + " ORDER BY id LIMIT ?", ROW, args.toArray());
    }

    /** The id of the last committed event (0 when none ever was). */
    public long lastId() {
        return jdbc.queryForObject("SELECT last_id FROM order_event_counter WHERE id = 1", Long.class);
    }

    /**
     * True when a client that last saw {@code lastEventId} cannot be brought up to date from the table: events it
     * missed are older than the retention (or already purged), or the id is one this hub never handed out.
     */
    public boolean needsRefresh(long lastEventId) {
        long last = lastId();
        if (lastEventId > last || lastEventId < 0) {
            return true;
        }
        if (lastEventId == last) {
            return false;
        }
        List<java.util.Map<String, Object>> next = jdbc.queryForList(
                "SELECT id, created_at FROM order_events WHERE id > ? ORDER BY id LIMIT 1", lastEventId);
        if (next.isEmpty()) {
            return true; // everything after it was purged
        }
        long nextId = ((Number) next.get(0).get("id")).longValue();
        Instant nextAt = DbTime.instant(next.get(0).get("created_at"));
        return nextId > lastEventId + 1 || nextAt.isBefore(Instant.now().minus(retention));
    }

    /** Deletes events older than the retention; returns how many. */
    public int purgeExpired() {
        return jdbc.update("DELETE FROM order_events WHERE created_at < ?", Timestamp.from(Instant.now().minus(retention)));
    }

    public Duration retention() {
        return retention;
    }
}
