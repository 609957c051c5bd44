package io.synchub.bays;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.api.ListPage;
import io.synchub.api.Paging;
import io.synchub.canonical.CanonicalJson;
import io.synchub.canonical.DbTime;
import io.synchub.orders.events.EventSubject;
import io.synchub.orders.events.OrderEventLog;
import io.synchub.orders.events.OrderEventType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The washing bays' queues (table bay_queues): each bay's status and the orders waiting for it. A change is written
 * with its {@code queue_update} event in one transaction; writing the same state again changes nothing.
 */
@Component
public class BayQueueStore {

    private static final RowMapper<ObjectNode> VIEW = (rs, n) -> {
        ObjectNode o = CanonicalJson.object();
        o.put("bayId", rs.getString("bay_id"));
        String tenant = rs.getString("tenant_id");
        o.put("tenantId", tenant.isEmpty() ? null : tenant);
        o.put("status", rs.getString("status"));
        o.set("waiting", CanonicalJson.parse(rs.getString("waiting")));
        o.put("version", rs.getLong("version"));
        o.put("updatedAt", DbTime.instant(rs.getObject("updated_at")).toString());
        return o;
    };

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final OrderEventLog events;

    public BayQueueStore(JdbcTemplate jdbc, PlatformTransactionManager txManager, OrderEventLog events) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.events = events;
    }

    /** Sets a bay's queue (created on first write); returns the view and whether it was created. */
    public ObjectNode put(String tenant, String bayId, BayStatus status, ArrayNode waiting) {
        return tx.execute(s -> {
            List<ObjectNode> found = jdbc.query("SELECT * FROM bay_queues WHERE tenant_id = ? AND bay_id = ? FOR UPDATE", VIEW, tenant, bayId);
            Timestamp now = Timestamp.from(Instant.now());
            String waitingJson = CanonicalJson.write(waiting);
            if (found.isEmpty()) {
                jdbc.update("INSERT INTO bay_queues (tenant_id, bay_id, status, waiting, version, updated_at) VALUES (?, ?, ?, ?, 1, ?)",
                        tenant, bayId, status.wire(), waitingJson, now);
            } else {
                ObjectNode old = found.get(0);
                if (old.get("status").asText().equals(status.wire()) && CanonicalJson.sameValue(old.get("waiting"), waiting)) {
                    return old;
                }
                jdbc.update("UPDATE bay_queues SET status = ?, waiting = ?, version = version + 1, updated_at = ? WHERE tenant_id = ? AND bay_id = ?",
                        status.wire(), waitingJson, now, tenant, bayId);
            }
            ObjectNode view = find(tenant, bayId);
            ObjectNode data = CanonicalJson.object();
            data.put("previousStatus", found.isEmpty() ? null : found.get(0).get("status").asText());
            data.set("queue", view);
            events.append(new EventSubject(null, null, null, tenant, bayId),
                    List.of(new OrderEventLog.Pending(OrderEventType.QUEUE_UPDATE, data)));
            return view;
        });
    }

    public ObjectNode get(String tenant, String bayId) {
        ObjectNode q = find(tenant, bayId);
        if (q == null) {
            throw ApiException.notFound("queue of bay " + bayId);
        }
        return q;
    }

    public ListPage<ObjectNode> list(String tenant, BayStatus status, Paging paging) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (tenant != null) {
            where.append(" AND tenant_id = ?");
            args.add(tenant);
        }
        if (status != null) {
            where.append(" AND status = ?");
            args.add(status.wire());
        }
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM bay_queues" + where, Long.class, args.toArray());
        args.add(paging.limit());
        args.add(paging.offset());
        return new ListPage<>(jdbc.query("SELECT * FROM bay_queues" + where + " ORDER BY tenant_id, bay_id LIMIT ? OFFSET ?", VIEW,
                args.toArray()), total, paging.limit(), paging.offset());
    }

    private ObjectNode find(String tenant, String bayId) {
        return jdbc.query("SELECT * FROM bay_queues WHERE tenant_id = ? AND bay_id = ?", VIEW, tenant, bayId).stream().findFirst().orElse(null);
    }

}
