package io.synchub.retention;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Deletes the rows of one table that match a condition, a batch at a time: each batch picks the next ids (oldest
 * first) and deletes that id range in its own short statement, so no delete holds locks on more than one batch and
 * writers of the same table (webhooks, dispatchers) only ever wait for one batch. Works the same on H2 and PostgreSQL
 * (no DELETE ... LIMIT, which neither portably has).
 *
 * @param table     table with a numeric, ever-growing primary key {@code id}
 * @param condition SQL condition a row must meet to be deleted (checked again by the delete itself, so a row that
 *                  changed between the two statements is kept)
 */
record BatchedDelete(String table, String condition) {

    /** Deletes every matching row; returns how many, reporting each batch's count to {@code afterBatch}. */
    long run(JdbcTemplate jdbc, int batchSize, java.util.function.IntConsumer afterBatch, Object... args) {
        long total = 0;
        while (true) {
            List<Object> selectArgs = new ArrayList<>(List.of(args));
            selectArgs.add(batchSize);
            List<Long> ids = jdbc.queryForList("SELECT id FROM " + table + " WHERE " + condition + " ORDER BY id LIMIT ?",
                    Long.class, selectArgs.toArray());
            if (ids.isEmpty()) {
                return total;
            }
            List<Object> deleteArgs = new ArrayList<>(List.of(args));
            deleteArgs.add(ids.get(0));
            deleteArgs.add(ids.get(ids.size() - 1));
            int deleted = jdbc.update("DELETE FROM " + table + " WHERE " + condition + " AND id BETWEEN ? AND ?",
                    deleteArgs.toArray());
            total += deleted;
            afterBatch.accept(deleted);
            if (ids.size() < batchSize) {
                return total;
            }
        }
    }
}
