package io.synchub.outbox;

import io.synchub.metrics.PushOutcomes;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durable outbox. Jobs are written in the transaction of the change that causes them ({@link #enqueue}),
 * claimed per target with {@code FOR UPDATE SKIP LOCKED} (several hub instances never take the same job; a job
 * whose claimer died is taken again after the lease), and finished as completed, skipped, retried or
 * dead-lettered. Product {@code sync_status} follows: PENDING while jobs are open, ERROR while a dead letter is
 * open, else SYNCED (CONFLICT is left to the conflict flow).
 */
@Component("outbox")
public class Outbox {

    public static final String ENTITY_PRODUCT = "product";
    public static final String OP_UPDATE = "update";
    public static final String OP_STOCK = "stock_update";
    public static final String OP_CREATE = "create";
    public static final String ENTITY_ORDER = "order";
    /** An order's outbound (shipping order) in JTL-FFN: route push-jtl-outbounds. */
    public static final String OP_CREATE_OUTBOUND = "create-outbound";
    /** A shipped order reported back to the shop it came from: route push-<target>-fulfilments. */
    public static final String OP_REPORT_FULFILMENT = "report-fulfilment";

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final RetryPolicy retry;
    private final int batchSize;
    private final Duration lease;
    private PushOutcomes outcomes;
    /** How long an idle dispatcher waits inside a claim for a committed new job before its tick ends. */
    private final long wakeWaitMs;
    private final ConcurrentHashMap<String, NewJobs> newJobs = new ConcurrentHashMap<>();

    /** Counts the commits that added jobs for one target, so a waiting dispatcher wakes when one lands. */
    private static final class NewJobs {
        private long generation;

        synchronized long generation() {
            return generation;
        }

        synchronized void signal() {
            generation++;
            notifyAll();
        }

        /** Waits until a commit after {@code seen} added jobs, at most {@code ms}; true when one did. */
        synchronized boolean awaitAfter(long seen, long ms) throws InterruptedException {
            long end = System.nanoTime() + ms * 1_000_000;
            while (generation == seen) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        }
    }

    private NewJobs newJobs(String target) {
        return newJobs.computeIfAbsent(target == null ? "" : target, t -> new NewJobs());
    }

    /** Wakes the target's dispatcher once the caller's transaction commits (at once when there is none). */
    private void signalAfterCommit(String target) {
        NewJobs signal = newJobs(target);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.signal();
                }
            });
        } else {
            signal.signal();
        }
    }

    public Outbox(JdbcTemplate jdbc, PlatformTransactionManager txManager, RetryPolicy retry,
                  @Value("${synchub.outbox.batch-size:100}") int batchSize,
                  @Value("${synchub.outbox.lease:5m}") Duration lease,
                  @Value("${synchub.outbox.wake-wait-ms:${synchub.outbox.poll-delay-ms:200}}") long wakeWaitMs) {
        this.jdbc = jdbc;
        this.wakeWaitMs = wakeWaitMs;
        this.tx = new TransactionTemplate(txManager);
        this.retry = retry;
        this.batchSize = batchSize;
        this.lease = lease;
    }

    @org.springframework.beans.factory.annotation.Autowired
    void countOutcomesIn(PushOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    private void count(OutboxJob job, String outcome) {
        if (outcomes != null) {
            outcomes.record(job.target(), outcome);
        }
    }

    /**
     * Adds a job in the caller's transaction, or folds the change into the pending job of the same entity, target
     * and operation (the push reads the latest state, so one job carries the whole burst). Returns the job id.
     * The pending job is read without a lock and folded into only while it is still pending and unchanged: a dispatcher
     * that claimed it in between leaves the update nothing to match, and the change gets a job of its own. (A
     * {@code FOR UPDATE} read here was never cached by H2, which parsed it anew for every planned push.)
     */
    public long enqueue(String entityType, String entityId, String clientId, String target, String operation, int priority,
                        String triggerOrigin, Long triggerRef, Set<String> changedFields) {
        Timestamp now = Timestamp.from(Instant.now());
        List<PendingJob> pending = jdbc.query("SELECT id, changed_fields FROM outbox WHERE entity_type = ? AND entity_id = ? "
                        + "AND target = ? AND operation = ? AND status = 'pending' ORDER BY id",
                (rs, i) -> new PendingJob(rs.getLong(1), rs.getString(2)), entityType, entityId, target, operation);
        if (!pending.isEmpty()) {
            long id = pending.get(0).id();
            String existing = pending.get(0).changedFields();
            Set<String> union = new LinkedHashSet<>(split(existing));
            union.addAll(changedFields);
            // a job that already reached the target now carries a different payload: it gets a fresh idempotency key
            int folded = jdbc.update("UPDATE outbox SET changed_fields = ?, trigger_origin = ?, trigger_ref = ?, priority = LEAST(priority, ?), "
                            + "updated_at = ?, idempotency_key = CASE WHEN attempts > 0 THEN ? ELSE idempotency_key END "
                            + "WHERE id = ? AND status = 'pending' AND COALESCE(changed_fields, '') = ?",
                    truncate(String.join(",", union), 4000), triggerOrigin, triggerRef, priority, now, UUID.randomUUID().toString(),
                    id, existing == null ? "" : existing);
            if (folded == 1) {
                return id;
            }
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO outbox (entity_type, entity_id, client_id, target, operation, "
                    + "priority, trigger_origin, trigger_ref, changed_fields, status, attempts, next_attempt_at, idempotency_key, "
                    + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)", new String[]{"id"});
            ps.setString(1, entityType);
            ps.setString(2, entityId);
            ps.setString(3, clientId);
            ps.setString(4, target);
            ps.setString(5, operation);
            ps.setInt(6, priority);
            ps.setString(7, triggerOrigin);
            ps.setObject(8, triggerRef, Types.BIGINT);
            ps.setString(9, truncate(String.join(",", changedFields), 4000));
            ps.setTimestamp(10, now);
            ps.setString(11, UUID.randomUUID().toString());
            ps.setTimestamp(12, now);
            ps.setTimestamp(13, now);
            return ps;
        }, key);
        signalAfterCommit(target);
        return key.getKey().longValue();
    }

    /** The pending job a change may fold into, as read (without a lock) by {@link #enqueue}. */
    private record PendingJob(long id, String changedFields) {
    }

    /** Marks a product PENDING (in the caller's transaction) unless it waits for an operator's conflict decision. */
    public void markProductPending(long productId) {
        jdbc.update("UPDATE products SET sync_status = 'PENDING' WHERE id = ? AND sync_status <> 'CONFLICT' AND sync_status <> 'PENDING'", productId);
    }

    /**
     * Claims the due jobs of one target (own transaction, committed before any push starts) and sets
     * {@code outboxMore} when the batch was full.
     */
    public List<OutboxJob> claimDue(Exchange exchange) {
        String target = exchange.getProperty("target", String.class);
        NewJobs signal = newJobs(target);
        long seen = signal.generation();
        List<OutboxJob> jobs = claim(target);
        if (jobs.isEmpty() && wakeWaitMs > 0) {
            // nothing due: wait within this tick for a commit that adds jobs, so a new job is pushed at once rather
            // than at the next poll tick; jobs due later (retries) are still found by the ticks
            try {
                if (signal.awaitAfter(seen, wakeWaitMs)) {
                    jobs = claim(target);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.setProperty("outboxMore", jobs.size() == batchSize);
        return jobs;
    }

    private List<OutboxJob> claim(String target) {
        return tx.execute(s -> {
            Timestamp now = Timestamp.from(Instant.now());
            Timestamp staleBefore = Timestamp.from(Instant.now().minus(lease));
            // two index ranges, not one OR: with the OR the database walked every job of the target, completed ones
            // included, on every claim (the claim's cost grew with the outbox's history)
            List<OutboxJob> due = new ArrayList<>(jdbc.query("SELECT * FROM outbox WHERE target = ? AND status = 'pending' "
                    + "AND next_attempt_at <= ? ORDER BY priority, id LIMIT ? FOR UPDATE SKIP LOCKED", ROW, target, now, batchSize));
            due.addAll(jdbc.query("SELECT * FROM outbox WHERE target = ? AND status = 'processing' AND claimed_at < ? "
                    + "ORDER BY priority, id LIMIT ? FOR UPDATE SKIP LOCKED", ROW, target, staleBefore, batchSize));
            due.sort(java.util.Comparator.comparingInt(OutboxJob::priority).thenComparingLong(OutboxJob::id));
            if (due.size() > batchSize) {
                due = new ArrayList<>(due.subList(0, batchSize));
            }
            if (!due.isEmpty()) {
                jdbc.batchUpdate("UPDATE outbox SET status = 'processing', claimed_at = ?, updated_at = ? WHERE id = ?",
                        due.stream().map(j -> new Object[]{now, now, j.id()}).toList());
            }
            return due;
        });
    }

    /** The job's push was accepted: complete it, clear older dead letters of the same entity and target. */
    public void succeeded(Exchange exchange) {
        succeeded(exchange.getProperty(OutboxJob.PROPERTY, OutboxJob.class));
    }

    public void succeeded(OutboxJob job) {
        tx.executeWithoutResult(s -> {
            lockEntity(job);
            complete(job);
        });
        counted(job);
    }

    /**
     * The jobs one request delivered together, each with what to record with it (its echo): completed in ONE
     * transaction, where {@link #succeeded(OutboxJob)} and the echo records took four commits per job. The products
     * are locked in id order and without waiting ({@code SKIP LOCKED}): the drain locks the products of its batch in
     * delivery order, and a second batch waiting on several of them could deadlock with it. A job whose product a
     * change holds at this moment, or all of them when the transaction fails, is completed on its own afterwards, as
     * before.
     */
    public void succeededAll(Map<OutboxJob, Runnable> jobsWithRecords) {
        Set<OutboxJob> done;
        try {
            done = tx.execute(s -> {
                Set<Long> locked = lockProductsWithoutWaiting(jobsWithRecords.keySet());
                Set<OutboxJob> completed = new HashSet<>();
                jobsWithRecords.forEach((job, record) -> {
                    if (!ENTITY_PRODUCT.equals(job.entityType()) || locked.contains(job.productId())) {
                        record.run();
                        complete(job);
                        completed.add(job);
                    }
                });
                return completed;
            });
            done.forEach(this::counted);
        } catch (RuntimeException e) {
            LOG.warn("completing {} pushed jobs together failed ({}); completing them one by one", jobsWithRecords.size(), e.getMessage());
            done = Set.of();
        }
        Set<OutboxJob> together = done;
        jobsWithRecords.forEach((job, record) -> {
            if (!together.contains(job)) {
                record.run();
                succeeded(job);
            }
        });
    }

    /** Locks the rows of the jobs' products that no one else holds, in id order; returns the ids it locked. */
    private Set<Long> lockProductsWithoutWaiting(Collection<OutboxJob> jobs) {
        List<Long> ids = jobs.stream().filter(j -> ENTITY_PRODUCT.equals(j.entityType())).map(OutboxJob::productId).distinct().toList();
        if (ids.isEmpty()) {
            return Set.of();
        }
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        return new HashSet<>(jdbc.queryForList("SELECT id FROM products WHERE id IN (" + in + ") ORDER BY id FOR UPDATE SKIP LOCKED",
                Long.class, ids.toArray()));
    }

    /** Completes one job whose product the caller's transaction has locked; clears older dead letters of the same entity and target. */
    private void complete(OutboxJob job) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("UPDATE outbox SET status = 'completed', attempts = attempts + 1, completed_at = ?, updated_at = ?, "
                + "last_error = NULL, error_class = NULL WHERE id = ?", now, now, job.id());
        int cleared = jdbc.update("UPDATE dead_letters SET status = 'CLEARED', resolved_at = ? WHERE entity_type = ? AND entity_id = ? "
                + "AND target = ? AND status = 'OPEN' AND outbox_id < ?", now, job.entityType(), job.entityId(), job.target(), job.id());
        if (cleared > 0) {
            LOG.info("push of {} {} to {} succeeded: {} older dead letter(s) cleared", job.entityType(), job.entityId(), job.target(), cleared);
        }
        refreshStatus(job);
    }

    private void counted(OutboxJob job) {
        count(job, PushOutcomes.SUCCESS);
        LOG.debug("pushed {} {} to {} ({}), job {}", job.entityType(), job.entityId(), job.target(), job.operation(), job.id());
    }

    /** Nothing to push any more: the job is closed as skipped with the reason. */
    public void skipped(Exchange exchange) {
        OutboxJob job = exchange.getProperty(OutboxJob.PROPERTY, OutboxJob.class);
        Throwable t = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        tx.executeWithoutResult(s -> {
            lockEntity(job);
            Timestamp now = Timestamp.from(Instant.now());
            jdbc.update("UPDATE outbox SET status = 'skipped', completed_at = ?, updated_at = ?, last_error = ? WHERE id = ?",
                    now, now, truncate(t == null ? "skipped" : t.getMessage(), 2000), job.id());
            refreshStatus(job);
        });
        count(job, PushOutcomes.SKIPPED);
        LOG.debug("push of {} {} to {} skipped: {}", job.entityType(), job.entityId(), job.target(), t == null ? "" : t.getMessage());
    }

    /** The push failed: classify, then wait (open circuit), retry with backoff, or dead-letter. */
    public void failed(Exchange exchange) {
        failed(exchange.getProperty(OutboxJob.PROPERTY, OutboxJob.class),
                exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class));
    }

    public void failed(OutboxJob job, Throwable t) {
        PushFailure failure = classify(t);
        ErrorClass c = failure.errorClass();
        String message = failure.getMessage() == null ? c.code() : failure.getMessage();
        tx.executeWithoutResult(s -> {
            lockEntity(job);
            Timestamp now = Timestamp.from(Instant.now());
            if (c == ErrorClass.CIRCUIT_OPEN) {
                jdbc.update("UPDATE outbox SET status = 'pending', next_attempt_at = ?, updated_at = ?, last_error = ?, error_class = ? "
                                + "WHERE id = ?", Timestamp.from(Instant.now().plus(retry.circuitOpenWait())), now,
                        truncate(message, 2000), c.code(), job.id());
                count(job, PushOutcomes.CIRCUIT_OPEN);
                return;
            }
            int attempts = job.attempts() + 1;
            if (!c.retryable() || attempts >= retry.maxAttempts()) {
                deadLetter(job, attempts, c, message, now);
                count(job, PushOutcomes.DEAD_LETTERED);
                return;
            }
            Duration wait = c == ErrorClass.STALE_COMPARE ? Duration.ZERO : retry.delayAfter(attempts, failure.retryAfter());
            String key = c == ErrorClass.STALE_COMPARE ? UUID.randomUUID().toString() : job.idempotencyKey();
            jdbc.update("UPDATE outbox SET status = 'pending', attempts = ?, next_attempt_at = ?, updated_at = ?, last_error = ?, "
                            + "error_class = ?, idempotency_key = ? WHERE id = ?", attempts, Timestamp.from(Instant.now().plus(wait)),
                    now, truncate(message, 2000), c.code(), key, job.id());
            count(job, PushOutcomes.RETRY);
            LOG.debug("push of {} {} to {} failed ({}, attempt {}/{}), retry in {} ms: {}", job.entityType(), job.entityId(),
                    job.target(), c.code(), attempts, retry.maxAttempts(), wait.toMillis(), message);
        });
    }

    private void deadLetter(OutboxJob job, int attempts, ErrorClass c, String message, Timestamp now) {
        jdbc.update("UPDATE outbox SET status = 'failed', attempts = ?, updated_at = ?, completed_at = ?, last_error = ?, error_class = ? "
                + "WHERE id = ?", attempts, now, now, truncate(message, 2000), c.code(), job.id());
        jdbc.update("INSERT INTO dead_letters (outbox_id, entity_type, entity_id, client_id, target, operation, error_class, reason, "
                        + "attempts, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?)", job.id(), job.entityType(),
                job.entityId(), job.clientId(), job.target(), job.operation(), c.code(), truncate(message, 2000), attempts, now);
        refreshStatus(job);
        LOG.error("push of {} {} to {} dead-lettered after {} attempt(s) ({}): {} -- fix the cause, then POST "
                        + "/api/v1/dead-letters/{{id}}/replay", job.entityType(), job.entityId(), job.target(), attempts, c.code(), message);
    }

    /**
     * Locks the job's product row first, as the storing transaction does, so that the outcomes of one product's jobs
     * on different targets serialise and the last one sees the others' (the status count is then exact).
     */
    private void lockEntity(OutboxJob job) {
        if (ENTITY_PRODUCT.equals(job.entityType())) {
            jdbc.queryForList("SELECT id FROM products WHERE id = ? FOR UPDATE", Long.class, job.productId());
        }
    }

    /** Recomputes a product's sync status from its open jobs and dead letters (caller's transaction). */
    public void refreshStatus(OutboxJob job) {
        if (ENTITY_PRODUCT.equals(job.entityType())) {
            refreshProductStatus(job.entityId());
        }
    }

    public void refreshProductStatus(String productId) {
        long open = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE entity_type = 'product' AND entity_id = ? "
                + "AND status IN ('pending', 'processing')", Long.class, productId);
        long dead = jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters WHERE entity_type = 'product' AND entity_id = ? "
                + "AND status = 'OPEN'", Long.class, productId);
        String status = dead > 0 ? "ERROR" : open > 0 ? "PENDING" : "SYNCED";
        jdbc.update("UPDATE products SET sync_status = ? WHERE id = ? AND sync_status <> 'CONFLICT' AND sync_status <> ?",
                status, Long.parseLong(productId), status);
    }

    static PushFailure classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PushFailure f) {
                return f;
            }
            if (c instanceof io.synchub.mapping.MappingUnavailableException m) {
                // the push's -out mapping does not compile: the job waits like behind an open circuit, no attempt used
                return new PushFailure(ErrorClass.CIRCUIT_OPEN, "waiting for a mapping: " + m.getMessage());
            }
            if (c.getClass().getName().equals("io.github.resilience4j.circuitbreaker.CallNotPermittedException")) {
                return new PushFailure(ErrorClass.CIRCUIT_OPEN, "the target's circuit breaker is open; the job waits without using an attempt");
            }
            if (c instanceof ConnectException || c instanceof SocketTimeoutException || c instanceof HttpTimeoutException
                    || c instanceof java.net.UnknownHostException || c instanceof java.net.NoRouteToHostException
                    || c instanceof org.apache.hc.core5.http.ConnectionClosedException
                    || c instanceof org.apache.hc.core5.http.NoHttpResponseException
                    || c instanceof java.io.IOException) {
                return new PushFailure(ErrorClass.NETWORK, c.getClass().getSimpleName() + ": " + c.getMessage());
            }
        }
        return new PushFailure(ErrorClass.SERVER, t == null ? "unknown failure" : t.getClass().getSimpleName() + ": " + t.getMessage());
    }

    static final RowMapper<OutboxJob> ROW = (rs, i) -> new OutboxJob(rs.getLong("id"), rs.getString("entity_type"),
            rs.getString("entity_id"), rs.getString("client_id"), rs.getString("target"), rs.getString("operation"),
            rs.getInt("priority"), rs.getString("trigger_origin"), (Long) rs.getObject("trigger_ref", Long.class),
            rs.getString("changed_fields"), rs.getInt("attempts"), rs.getString("error_class"), rs.getString("idempotency_key"));

    static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(csv.split(",")));
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
