package io.synchub.inbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of inbox rows written by concurrent requests: one writer takes whatever has arrived (up to a limit),
 * inserts it with one JDBC batch and commits once; each caller returns only after the commit that holds its row.
 * While a commit is in progress the next requests queue up and share the following one, so the commit rate no longer
 * bounds the request rate, and a lone request waits for nothing but its own commit. When a batch fails, its rows are
 * written one at a time, so a bad row fails alone and the others are still stored.
 */
final class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending(Object[] row, CompletableFuture<Boolean> stored) {
    }

    private final JdbcTemplate jdbc;
    private final int maxRows;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    GroupCommit(JdbcTemplate jdbc, int maxRows) {
        this.jdbc = jdbc;
        this.maxRows = Math.max(1, maxRows);
        this.writer = new Thread(this::run, "inbox-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Inserts the row (ON CONFLICT DO NOTHING) and returns once it is committed: true when it was new. */
    boolean write(Object[] row) {
        Pending p = new Pending(row, new CompletableFuture<>());
        queue.add(p);
        if (closed && queue.remove(p)) {
            return writeAlone(row);
        }
        try {
            return p.stored().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the delivery was being stored", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxRows);
        while (true) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
            }
            if (first == null) {
                if (closed && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxRows - 1);
            try {
                commit(batch);
            } catch (Throwable t) {
                batch.forEach(p -> p.stored().completeExceptionally(t));
            }
            batch.clear();
        }
    }

    private void commit(List<Pending> batch) {
        int[] counts;
        try {
            counts = batch.size() == 1 ? null : jdbc.execute((ConnectionCallback<int[]>) con -> insertAll(con, batch));
        } catch (RuntimeException e) {
            log.debug("an inbox group commit of {} rows failed ({}); writing them one at a time", batch.size(), e.getMessage());
            counts = null;
        }
        if (counts == null) {
            for (Pending p : batch) {
                try {
                    p.stored().complete(writeAlone(p.row()));
                } catch (RuntimeException e) {
                    p.stored().completeExceptionally(e);
                }
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).stored().complete(counts[i] == 1);
        }
    }

    /** One transaction for the batch; null (rolled back) when the driver does not say which rows were inserted. */
    private static int[] insertAll(Connection con, List<Pending> batch) throws SQLException {
        boolean autoCommit = con.getAutoCommit();
        con.setAutoCommit(false);
        try (PreparedStatement ps = con.prepareStatement(Inbox.INSERT)) {
            for (Pending p : batch) {
                new ArgumentPreparedStatementSetter(p.row()).setValues(ps);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int c : counts) {
                if (c < 0) {
                    con.rollback();
                    return null;
                }
            }
            con.commit();
            return counts;
        } catch (SQLException | RuntimeException e) {
            con.rollback();
            throw e;
        } finally {
            con.setAutoCommit(autoCommit);
        }
    }

    private boolean writeAlone(Object[] row) {
        return jdbc.update(Inbox.INSERT, row) == 1;
    }

    /** Stops taking new rows into batches once the queue is written; later callers write alone. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
