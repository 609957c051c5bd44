package io.synchub.orders.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.canonical.DbTime;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionTemplate;
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

    static final RowMapper<OrderEvent> ROW = (rs, n) -> new OrderEvent(rs.getLong("id"),
            new EventSubject((Long) rs.getObject("order_id", Long.class), rs.getString("order_ref"), rs.getString("client_id"),
                    rs.getString("tenant_id"), rs.getString("bay_id")),
            rs.getString("event_type"), CanonicalJson.parse(rs.getString("data")), DbTime.instant(rs.getObject("created_at")));

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher publisher;
    private final Duration retention;

    private final TransactionTemplate tx;

    private final io.synchub.cluster.ClusterNotifications cluster;

    public OrderEventLog(JdbcTemplate jdbc, ApplicationEventPublisher publisher, PlatformTransactionManager txManager,
                         @Value("${synchub.order-events.retention:24h}") Duration retention,
                         io.synchub.cluster.ClusterNotifications cluster) {
        this.cluster = cluster;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.publisher = publisher;
        this.retention = retention;
    }

    /** An event to append: its type (wire name) and data. */
    public record Pending(String type, JsonNode data) {
        public Pending(OrderEventType type, JsonNode data) {
            this(type.wire(), data);
        }
    }

    /** Appends events about one order; must run inside the transaction of the change. */
    public List<OrderEvent> append(long orderId, String clientId, List<Pending> events) {
        return append(EventSubject.order(orderId, null, clientId, null), events);
    }

    /** Appends events about no order (stock holds); must run inside the transaction of the change. */
    public List<OrderEvent> appendWithoutOrder(String clientId, List<Pending> events) {
        return append(new EventSubject(null, null, clientId, null, null), events);
    }

    /**
     * Appends one event in its own transaction, or in the caller's when one is active (e.g. an integration status, a
     * hold that expired): the reusable way for any part of the hub to put an event of a type on the stream.
     */
    public OrderEvent publish(EventSubject subject, String type, JsonNode data) {
        return tx.execute(s -> append(subject, List.of(new Pending(type, data))).get(0));
    }

    /** Appends events about one subject (an order, a bay, a tenant or nothing); must run inside the transaction of the change. */
    public List<OrderEvent> append(EventSubject subject, List<Pending> events) {
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
            OrderEvent e = new OrderEvent(id, subject, p.type(), p.data(), now);
            appended.add(e);
            rows.add(new Object[]{id, subject.orderId(), subject.clientId() == null ? "" : subject.clientId(), p.type(),
                    CanonicalJson.write(p.data()), ts, subject.orderRef(), subject.tenantId(), subject.bayId()});
        }
        jdbc.batchUpdate("INSERT INTO order_events (id, order_id, client_id, event_type, data, created_at, order_ref, tenant_id, bay_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        long last = id;
        // other hub instances wake their event streams at commit (PostgreSQL NOTIFY; nothing on H2)
        cluster.orderEventsAppended(last);
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
