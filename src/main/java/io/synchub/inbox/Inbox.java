package io.synchub.inbox;

import io.synchub.canonical.CanonicalJson;
import io.synchub.metrics.InboxProcessed;
import jakarta.annotation.PreDestroy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The durable inbox: a delivery is a row before the platform hears 2xx, and it is processed in the same
 * transaction that locks it ({@code FOR UPDATE SKIP LOCKED}), so a crash at any point leaves it pending and
 * several hub instances never process one delivery twice.
 */
@Component("inbox")
public class Inbox {

    public static final String HEADER_ID = "inboxId";
    /** How soon a delivery waiting for a broken mapping file is tried again. */
    static final Duration MAPPING_RETRY = Duration.ofSeconds(2);
    public static final String HEADER_PLATFORM = "platform";
    public static final String HEADER_CLIENT = "clientId";
    public static final String HEADER_TOPIC = "topic";
    public static final String HEADER_DELIVERY_KEY = "deliveryKey";
    public static final String HEADER_CLAIMED = "inboxClaimed";
    public static final String HEADER_ORIGINAL = "inboxHeaders";

    private final JdbcTemplate jdbc;
    private final int batchSize;
    private final int maxAttempts;
    private final GroupCommit groupCommit;
    private final DrainLanes lanes;
    private InboxProcessed processed;

    public Inbox(JdbcTemplate jdbc, @Value("${synchub.inbox.batch-size:200}") int batchSize,
                 @Value("${synchub.inbox.max-attempts:10}") int maxAttempts,
                 @Value("${synchub.inbox.group-commit-max:256}") int groupCommitMax,
                 @Value("${synchub.inbox.drain-lanes:1}") int drainLanes) {
        this.jdbc = jdbc;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.groupCommit = new GroupCommit(jdbc, groupCommitMax);
        this.lanes = new DrainLanes(drainLanes);
    }

    /**
     * Stores a verified delivery, durably: returns only after the row is committed. Returns false when the same
     * delivery key is already in the inbox. Called inside a transaction it writes in that transaction; otherwise
     * concurrent calls share commits (see {@link GroupCommit}): one commit per request was what bound the webhook
     * accept rate, every request waiting for the store's commit lock in turn.
     * {@code resourceKey} is the platform's id of the resource the delivery is about (null when it names none): every
     * delivery of a resource is drained by the same lane, so one resource's deliveries keep their order while the lanes
     * drain in parallel.
     */
    public boolean accept(String platform, String clientId, String topic, String deliveryKey, String resourceKey,
                          Map<String, String> headers, String body) {
        Object[] row = row(platform, clientId, topic, deliveryKey, DrainLanes.laneOf(platform, resourceKey), headers, body);
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return jdbc.update(INSERT, row) == 1;
        }
        return groupCommit.write(row);
    }

    static final String INSERT = "INSERT INTO inbox (platform, client_id, topic, delivery_key, lane, headers, body, status, attempts, "
            + "next_attempt_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?) ON CONFLICT DO NOTHING";

    private static Object[] row(String platform, String clientId, String topic, String deliveryKey, int lane,
                                Map<String, String> headers, String body) {
        Timestamp now = Timestamp.from(Instant.now());
        return new Object[]{platform, clientId, topic, deliveryKey, lane, CanonicalJson.write(headers), body, now, now};
    }

    @Autowired
    void countProcessedIn(InboxProcessed processed) {
        this.processed = processed;
    }

    private void countProcessed(int deliveries) {
        if (processed != null) {
            processed.record(deliveries);
        }
    }

    @PreDestroy
    void stop() {
        groupCommit.close();
    }

    /** The drain's lanes, one drain thread each: 0 … {@code synchub.inbox.drain-lanes} - 1. */
    public List<Integer> drainLanes() {
        return lanes.all();
    }

    /**
     * Ids of the deliveries of one drain lane ({@code inboxLane}) due for processing, oldest first; sets
     * {@code inboxBatch} to them and {@code inboxMore} when the batch is full.
     */
    public List<Long> due(@ExchangeProperty("inboxLane") int drainLane, Exchange exchange) {
        // ORDER BY status, id (status is fixed here) names the index's order: H2 then reads the first rows of the index
        // instead of every pending row and a sort (20,000 rows per poll while a burst waits)
        List<Long> ids = jdbc.queryForList("SELECT id FROM inbox WHERE status = 'PENDING' AND next_attempt_at <= ? "
                + lanes.filter() + " ORDER BY status, id LIMIT ?", Long.class,
                lanes.filterArgs(Timestamp.from(Instant.now()), drainLane, batchSize));
        exchange.setProperty("inboxMore", ids.size() == batchSize);
        exchange.setProperty("inboxBatch", ids);
        return ids;
    }

    /**
     * Locks one pending delivery for the current transaction and puts its raw body and routing headers on the
     * message. Header {@code inboxClaimed} is false when another worker holds it or it is no longer pending.
     */
    public void claim(@Header(HEADER_ID) long id, Exchange exchange) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT platform, client_id, topic, delivery_key, headers, body "
                + "FROM inbox WHERE id = ? AND status = 'PENDING' FOR UPDATE SKIP LOCKED", id);
        if (rows.isEmpty()) {
            exchange.getMessage().setHeader(HEADER_CLAIMED, false);
            return;
        }
        Map<String, Object> row = rows.get(0);
        var msg = exchange.getMessage();
        msg.setHeader(HEADER_CLAIMED, true);
        msg.setHeader(HEADER_PLATFORM, row.get("platform"));
        msg.setHeader(HEADER_CLIENT, row.get("client_id"));
        msg.setHeader(HEADER_TOPIC, row.get("topic"));
        msg.setHeader(HEADER_DELIVERY_KEY, row.get("delivery_key"));
        msg.setHeader(HEADER_ORIGINAL, row.get("headers"));
        msg.setBody(row.get("body"));
    }

    /**
     * Locks the pending deliveries among {@code ids} for the current transaction, in one statement, oldest first; a
     * delivery another worker holds or that is no longer pending is left out. One claim per delivery was one of the
     * statements every delivery paid for.
     */
    public List<ClaimedDelivery> claimAll(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        // the rows are found by their primary key alone and their status is tested here, on the locked (latest) version:
        // with "AND status = 'PENDING'" in the query, PostgreSQL statistics taken while the inbox was idle (a handful of
        // rows pending) made it read every pending row of a burst through the status index to find these 200 (11-24 ms
        // a claim with 20,000 waiting)
        List<ClaimedDelivery> claimed = new ArrayList<>(ids.size());
        jdbc.query("SELECT id, status, platform, client_id, topic, delivery_key, headers, body FROM inbox WHERE id IN (" + marks
                        + ") ORDER BY id FOR UPDATE SKIP LOCKED",
                rs -> {
                    if ("PENDING".equals(rs.getString("status"))) {
                        claimed.add(new ClaimedDelivery(rs.getLong("id"), rs.getString("platform"), rs.getString("client_id"),
                                rs.getString("topic"), rs.getString("delivery_key"), rs.getString("headers"), rs.getString("body")));
                    }
                },
                ids.toArray());
        return claimed;
    }

    /** Puts one claimed delivery on the message, as {@link #claim} does for a single one. */
    public void open(ClaimedDelivery delivery, Exchange exchange) {
        var msg = exchange.getMessage();
        msg.setHeader(HEADER_ID, delivery.id());
        msg.setHeader(HEADER_CLAIMED, true);
        msg.setHeader(HEADER_PLATFORM, delivery.platform());
        msg.setHeader(HEADER_CLIENT, delivery.clientId());
        msg.setHeader(HEADER_TOPIC, delivery.topic());
        msg.setHeader(HEADER_DELIVERY_KEY, delivery.deliveryKey());
        msg.setHeader(HEADER_ORIGINAL, delivery.headers());
        msg.setBody(delivery.body());
    }

    /** A delivery locked by {@link #claimAll}. */
    public record ClaimedDelivery(long id, String platform, String clientId, String topic, String deliveryKey, String headers,
                                  String body) {
    }

    /**
     * Marks the claimed deliveries of a batch done, in one batched statement; a duplicate already marked as such keeps its
     * note.
     */
    public void markAllDone(List<ClaimedDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        // one batched statement, each row found by its primary key: "WHERE id IN (…) AND status = 'PENDING'" let H2
        // walk every pending row of the status index and test it against the list (a fifth of the drain's time with
        // 20,000 deliveries waiting)
        Timestamp now = Timestamp.from(Instant.now());
        int[] marked = jdbc.batchUpdate("UPDATE inbox SET status = 'DONE', processed_at = ?, last_error = NULL WHERE id = ? AND status = 'PENDING'",
                deliveries.stream().map(d -> new Object[]{now, d.id()}).toList());
        countProcessed(Arrays.stream(marked).map(n -> n == Statement.SUCCESS_NO_INFO ? 1 : n).sum());
    }

    public void markDone(@Header(HEADER_ID) long id) {
        // a duplicate, already marked as such, keeps its note
        countProcessed(jdbc.update("UPDATE inbox SET status = 'DONE', processed_at = ?, last_error = NULL WHERE id = ? AND status = 'PENDING'",
                Timestamp.from(Instant.now()), id));
    }

    public void markDuplicate(@Header(HEADER_ID) long id) {
        countProcessed(jdbc.update("UPDATE inbox SET status = 'DONE', processed_at = ?, last_error = 'duplicate delivery: already processed' "
                + "WHERE id = ? AND status = 'PENDING'", Timestamp.from(Instant.now()), id));
    }

    /**
     * Records a failed attempt after its transaction rolled back: retried with exponential backoff, and parked as
     * FAILED (replayable) after the last attempt.
     */
    public void markFailed(@Header(HEADER_ID) long id, Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = t == null ? "unknown failure" : t.getClass().getSimpleName() + ": " + t.getMessage();
        Integer attempts = jdbc.queryForList("SELECT attempts FROM inbox WHERE id = ?", Integer.class, id).stream().findFirst().orElse(0);
        int next = attempts + 1;
        // a value no canonical field can hold stays invalid however often it is retried: failed at once
        boolean last = next >= maxAttempts || invalidValue(t);
        Duration backoff = Duration.ofSeconds(Math.min(3600, (long) Math.pow(2, Math.min(next, 12))));
        jdbc.update("UPDATE inbox SET attempts = ?, status = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                next, last ? "FAILED" : "PENDING", Timestamp.from(Instant.now().plus(backoff)),
                error.length() > 2000 ? error.substring(0, 2000) : error, id);
    }

    private static boolean invalidValue(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof io.synchub.canonical.CanonicalFields.Invalid) {
                return true;
            }
        }
        return false;
    }

    /**
     * The delivery needs a mapping file that cannot be used now (it does not compile): it stays PENDING without using
     * an attempt and is looked at again shortly, so it drains by itself once the file is fixed.
     */
    public void markWaiting(@Header(HEADER_ID) long id, Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = "waiting for a mapping: " + (t == null ? "" : t.getMessage());
        jdbc.update("UPDATE inbox SET next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'PENDING'",
                Timestamp.from(Instant.now().plus(MAPPING_RETRY)), error.length() > 2000 ? error.substring(0, 2000) : error, id);
    }

    /** Puts a FAILED delivery back in the queue (operator replay). */
    public boolean replay(long id) {
        return jdbc.update("UPDATE inbox SET status = 'PENDING', attempts = 0, next_attempt_at = ? WHERE id = ? AND status = 'FAILED'",
                Timestamp.from(Instant.now()), id) == 1;
    }

    public Map<String, Long> countsByStatus() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        jdbc.query("SELECT status, COUNT(*) AS n FROM inbox GROUP BY status", rs -> {
            counts.put(rs.getString("status"), rs.getLong("n"));
        });
        return counts;
    }
}
