package io.synchub.inbox;

import io.synchub.inbox.Inbox.ClaimedDelivery;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Dedupe of a run of deliveries on their delivery keys, in the drain's transaction: the keys are stored in one JDBC
 * batch, in the same table and under the same processor name as the {@code webhookDeliveries} idempotent repository
 * that the one-by-one path uses, so either path recognises what the other processed. A delivery whose key was already
 * stored is marked done as a duplicate and left out of the run.
 */
@Component("deliveryDedupe")
public class DeliveryDedupe {

    /** The idempotent repository's processor name for webhook deliveries. */
    public static final String PROCESSOR = "webhook-deliveries";
    /** Stores one key; does nothing (count 0) when it is there, and waits for a transaction storing it now. */
    public static final String ADD_KEY = "INSERT INTO camel_messageprocessed (processorname, messageid, createdat) VALUES (?, ?, ?) "
            + "ON CONFLICT DO NOTHING";

    private final JdbcTemplate jdbc;
    private final Inbox inbox;

    public DeliveryDedupe(JdbcTemplate jdbc, Inbox inbox) {
        this.jdbc = jdbc;
        this.inbox = inbox;
    }

    public DeliveryRun fresh(DeliveryRun run) {
        if (run.deliveries().isEmpty()) {
            return run;
        }
        Timestamp now = new Timestamp(System.currentTimeMillis());
        int[] added = jdbc.batchUpdate(ADD_KEY, run.deliveries().stream()
                .map(d -> new Object[]{PROCESSOR, d.deliveryKey(), now}).toList());
        List<ClaimedDelivery> fresh = new ArrayList<>(run.size());
        for (int i = 0; i < added.length; i++) {
            ClaimedDelivery d = run.deliveries().get(i);
            if (added[i] == Statement.SUCCESS_NO_INFO) {
                // a driver that rewrites batches (PostgreSQL's reWriteBatchedInserts) does not say which rows it added:
                // the batch fails here and its deliveries go through the one-by-one path, which asks key by key
                throw new IllegalStateException("the database did not report which delivery keys were new; "
                        + "turn off batch rewriting in the JDBC URL (reWriteBatchedInserts=false)");
            }
            if (added[i] == 0) {
                inbox.markDuplicate(d.id());
            } else {
                fresh.add(d);
            }
        }
        return fresh.size() == run.size() ? run : run.only(fresh);
    }
}
