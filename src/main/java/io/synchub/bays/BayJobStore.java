package io.synchub.bays;

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
import java.util.UUID;

/**
 * Washing jobs (table bay_jobs): one operation on a bay for an order. Every change is written with its
 * {@code job_update} event (about the bay and the order, so both filters find it) in one transaction.
 */
@Component
public class BayJobStore {

    /** A job as stored. */
    record Job(String tenantId, String jobId, String bayId, String orderRef, JobStatus status, int progress, Instant startedAt,
               Instant finishedAt, long version, Instant createdAt, Instant updatedAt) {

        ObjectNode view() {
            ObjectNode o = CanonicalJson.object();
            o.put("jobId", jobId);
            o.put("bayId", bayId);
            o.put("orderID", orderRef);
            o.put("tenantId", tenantId.isEmpty() ? null : tenantId);
            o.put("status", status.wire());
            o.put("active", status.active());
            o.put("progress", progress);
            o.put("startedAt", startedAt == null ? null : startedAt.toString());
            o.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
            o.put("createdAt", createdAt.toString());
            o.put("updatedAt", updatedAt.toString());
            o.put("version", version);
            return o;
        }
    }

    private static final RowMapper<Job> ROW = (rs, n) -> new Job(rs.getString("tenant_id"), rs.getString("job_id"), rs.getString("bay_id"),
            rs.getString("order_ref"), JobStatus.fromWire(rs.getString("status")), rs.getInt("progress"),
            DbTime.instant(rs.getObject("started_at")), DbTime.instant(rs.getObject("finished_at")), rs.getLong("version"),
            DbTime.instant(rs.getObject("created_at")), DbTime.instant(rs.getObject("updated_at")));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final OrderEventLog events;

    public BayJobStore(JdbcTemplate jdbc, PlatformTransactionManager txManager, OrderEventLog events) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.events = events;
    }

    public ObjectNode create(String tenant, String jobId, String bayId, String orderRef, JobStatus status, int progress) {
        String id = jobId != null ? jobId : "JOB-" + UUID.randomUUID();
        return tx.execute(s -> {
            if (find(tenant, id, false) != null) {
                throw ApiException.conflict("job " + id + " already exists; change it with PATCH /api/v1/jobs/" + id);
            }
            Timestamp now = Timestamp.from(Instant.now());
            jdbc.update("INSERT INTO bay_jobs (tenant_id, job_id, bay_id, order_ref, status, progress, started_at, finished_at, version, "
                            + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)", tenant, id, bayId, orderRef, status.wire(),
                    status == JobStatus.DONE ? 100 : progress, status == JobStatus.QUEUED ? null : now, status.active() ? null : now, now, now);
            Job job = find(tenant, id, true);
            announce(job, null);
            return job.view();
        });
    }

    /** Moves a job on (status along queued → running → done | failed) and/or sets its progress. */
    public ObjectNode patch(String tenant, String jobId, JobStatus status, Integer progress) {
        return tx.execute(s -> {
            Job job = find(tenant, jobId, true);
            if (job == null) {
                throw ApiException.notFound("job " + jobId);
            }
            JobStatus target = status == null ? job.status() : status;
            if (target != job.status() && !job.status().next().contains(target)) {
                throw new ApiException(409, "invalid_transition", "job " + jobId + " is " + job.status().wire() + " and cannot become "
                        + target.wire() + "; allowed: " + (job.status().next().isEmpty() ? "none (final)"
                        : String.join(", ", job.status().next().stream().map(JobStatus::wire).toList())));
            }
            int newProgress = target == JobStatus.DONE ? 100 : progress != null ? progress : job.progress();
            if (target == job.status() && newProgress == job.progress()) {
                return job.view();
            }
            if (!job.status().active() && newProgress != job.progress()) {
                throw new ApiException(409, "invalid_transition", "job " + jobId + " is " + job.status().wire() + "; its progress is final");
            }
            Instant now = Instant.now();
            Instant started = job.startedAt() == null && target != JobStatus.QUEUED ? now : job.startedAt();
            Instant finished = target.active() ? null : job.finishedAt() == null ? now : job.finishedAt();
            jdbc.update("UPDATE bay_jobs SET status = ?, progress = ?, started_at = ?, finished_at = ?, version = version + 1, updated_at = ? "
                            + "WHERE tenant_id = ? AND job_id = ?", target.wire(), newProgress, started == null ? null : Timestamp.from(started),
                    finished == null ? null : Timestamp.from(finished), Timestamp.from(now), tenant, jobId);
            Job updated = find(tenant, jobId, false);
            announce(updated, job.status());
            return updated.view();
        });
    }

    public ObjectNode get(String tenant, String jobId) {
        Job job = find(tenant, jobId, false);
        if (job == null) {
            throw ApiException.notFound("job " + jobId);
        }
        return job.view();
    }

    /** Jobs by bay, order, status or only the active ones (queued or running), oldest first. */
    public ListPage<ObjectNode> list(String tenant, String bayId, String orderRef, JobStatus status, boolean activeOnly, Paging paging) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (tenant != null) {
            where.append(" AND tenant_id = ?");
            args.add(tenant);
        }
        if (bayId != null) {
            where.append(" AND bay_id = ?");
            args.add(bayId);
        }
        if (orderRef != null) {
            where.append(" AND order_ref = ?");
            args.add(orderRef);
        }
        if (status != null) {
            where.append(" AND status = ?");
            args.add(status.wire());
        }
        if (activeOnly) {
            where.append(" AND status IN ('queued', 'running')");
        }
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM bay_jobs" + where, Long.class, args.toArray());
        args.add(paging.limit());
        args.add(paging.offset());
        List<ObjectNode> items = jdbc.query("SELECT * FROM bay_jobs" + where + " ORDER BY id LIMIT ? OFFSET ?", ROW, args.toArray())
                .stream().map(Job::view).toList();
        return new ListPage<>(items, total, paging.limit(), paging.offset());
    }

    private Job find(String tenant, String jobId, boolean lock) {
        return jdbc.query("SELECT * FROM bay_jobs WHERE tenant_id = ? AND job_id = ?" + (lock ? " FOR UPDATE" : ""), ROW, tenant, jobId)
                .stream().findFirst().orElse(null);
    }

    private void announce(Job job, JobStatus previous) {
        Long orderId = null;
        if (job.orderRef() != null) {
            List<Long> ids = jdbc.queryForList("SELECT id FROM orders WHERE order_ref = ? AND tenant_id = ? AND deleted = FALSE",
                    Long.class, job.orderRef(), job.tenantId());
            orderId = ids.size() == 1 ? ids.get(0) : null;
        }
        ObjectNode data = CanonicalJson.object();
        data.put("previousStatus", previous == null ? null : previous.wire());
        data.set("job", job.view());
        events.append(new EventSubject(orderId, job.orderRef(), null, job.tenantId(), job.bayId()),
                List.of(new OrderEventLog.Pending(OrderEventType.JOB_UPDATE, data)));
    }
}
