package io.synchub.pos;

import io.synchub.api.ApiException;
import io.synchub.canonical.CanonicalJson;
import io.synchub.canonical.DbTime;
import io.synchub.changelog.ChangeLog;
import io.synchub.product.ProductStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "What changed since my cursor", in change-log sequence order. The sequence follows commit order (see
 * {@link ChangeLog}), so a page read by {@code seq > cursor} never misses a change that commits later, and each
 * entity appears once per page with its latest committed state (a delete as its id in {@code deleted}).
 */
@Component
public class IncrementalSync {

    public static final int DEFAULT_LIMIT = 500;
    public static final int MAX_LIMIT = 5000;
    /** A timestamp cursor is read from slightly earlier: a change committed around that instant comes again rather than never. */
    static final Duration TIMESTAMP_MARGIN = Duration.ofSeconds(2);

    private final JdbcTemplate jdbc;
    private final TombstoneRetention retention;

    public IncrementalSync(JdbcTemplate jdbc, TombstoneRetention retention) {
        this.jdbc = jdbc;
        this.retention = retention;
    }

    /** One page: items and deleted ids as JSON literals, in sequence order. */
    public record Page(PosEntityType type, List<String> items, List<String> deleted, long nextCursor, boolean hasMore) {

        public String json() {
            StringBuilder out = new StringBuilder(64 + items.size() * 160);
            out.append("{\"entity_type\":\"").append(type.wireName()).append("\",\"items\":[");
            join(out, items);
            out.append("],\"deleted\":[");
            join(out, deleted);
            out.append("],\"next_cursor\":\"").append(SyncCursor.format(nextCursor)).append("\",\"has_more\":")
                    .append(hasMore).append('}');
            return out.toString();
        }

        private static void join(StringBuilder out, List<String> values) {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(values.get(i));
            }
        }
    }

    public Page pull(PosEntityType type, String storeId, SyncCursor since, int limit) {
        long from = resolve(since);
        Snapshot snapshot = type.consoleWritten() ? consoleRows(type, storeId, from, limit + 1) : productRows(from, limit + 1);
        rejectAhead(since, snapshot.highWater());
        List<Row> rows = snapshot.rows();
        boolean hasMore = rows.size() > limit;
        List<Row> page = hasMore ? rows.subList(0, limit) : rows;
        List<String> items = new ArrayList<>(page.size());
        List<String> deleted = new ArrayList<>();
        long last = from;
        for (Row r : page) {
            if (r.json() == null) {
                deleted.add(PosEntityId.json(r.id()));
            } else {
                items.add(r.json());
            }
            last = r.seq();
        }
        // The rows and the change-log high water come from one statement (one snapshot): every sequence up to the high
        // water had committed, so an exhausted page moves the cursor there even when the last changes were of other
        // types or stores.
        long next = hasMore ? last : Math.max(last, snapshot.highWater());
        return new Page(type, items, deleted, next, hasMore);
    }

    /** Which entity types changed since the cursor: {type: number of changes}, and the cursor to check from next. */
    public record Check(long since, long nextCursor, Map<String, Long> changes) {
        public String json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("since", SyncCursor.format(since));
            out.put("next_cursor", SyncCursor.format(nextCursor));
            out.put("has_changes", !changes.isEmpty());
            out.put("changed", List.copyOf(changes.keySet()));
            out.put("changes", changes);
            return CanonicalJson.write(out);
        }
    }

    public Check check(SyncCursor since, String storeId) {
        long from = resolve(since);
        String types = String.join(",", PosEntityType.NAMES.stream().map(n -> "'" + n + "'").toList());
        List<Object> args = new ArrayList<>(List.of(from));
        String storeClause = " AND store_id IS NULL";
        if (storeId != null) {
            storeClause = " AND (store_id IS NULL OR store_id = ?)";
            args.add(storeId);
        }
        Map<String, Long> counts = new java.util.HashMap<>();
        long[] highWater = {0};
        jdbc.query("SELECT k.last_seq, x.entity_type, x.n FROM change_log_counter k LEFT JOIN ("
                        + "SELECT entity_type, COUNT(*) AS n FROM change_log WHERE seq > ? AND entity_type IN (" + types + ")"
                        + storeClause + " GROUP BY entity_type) x ON 1 = 1 WHERE k.id = 1",
                rs -> {
                    highWater[0] = rs.getLong(1);
                    if (rs.getString(2) != null) {
                        counts.put(rs.getString(2), rs.getLong(3));
                    }
                }, args.toArray());
        rejectAhead(since, highWater[0]);
        Map<String, Long> ordered = new LinkedHashMap<>();
        PosEntityType.NAMES.forEach(n -> {
            if (counts.containsKey(n)) {
                ordered.put(n, counts.get(n));
            }
        });
        return new Check(from, Math.max(from, highWater[0]), ordered);
    }

    /** The sequence a cursor stands for, or 410 when tombstones it may need have been purged. */
    long resolve(SyncCursor since) {
        TombstoneRetention.Horizon horizon = retention.horizon();
        if (since instanceof SyncCursor.Sequence s) {
            if (s.seq() != 0 && s.seq() < horizon.seq()) {
                throw fullResync("the cursor " + s.seq() + " is older than the tombstone retention (oldest cursor served: "
                        + horizon.seq() + "), so deletes since then may be missing");
            }
            return s.seq();
        }
        SyncCursor.Timestamp t = (SyncCursor.Timestamp) since;
        if (horizon.at() != null && t.at().isBefore(horizon.at())) {
            throw fullResync("the timestamp " + t.at() + " is older than the tombstone retention (oldest served: "
                    + horizon.at() + "), so deletes since then may be missing");
        }
        Long seq = jdbc.queryForObject("SELECT MAX(seq) FROM change_log WHERE changed_at < ?", Long.class,
                Timestamp.from(t.at().minus(TIMESTAMP_MARGIN)));
        return Math.max(seq == null ? 0 : seq, horizon.seq());
    }

    /** A cursor this hub never handed out (its database was replaced or restored from a backup). */
    private static void rejectAhead(SyncCursor since, long highWater) {
        if (since instanceof SyncCursor.Sequence s && s.seq() > highWater) {
            throw fullResync("the cursor " + s.seq() + " is ahead of this hub's change log (" + highWater
                    + "): the hub's data was replaced or restored");
        }
    }

    private static ApiException fullResync(String why) {
        return new ApiException(410, "full_resync_required", why + ". Pull again from since=0, replace the local copy "
                + "with the answer, then continue from its next_cursor");
    }

    private record Row(long seq, String id, String json) {
    }

    /** Rows of one statement together with the change log's high water read in that same statement. */
    private record Snapshot(long highWater, List<Row> rows) {
    }

    private Snapshot consoleRows(PosEntityType type, String storeId, long from, int limit) {
        List<Row> rows = new ArrayList<>();
        long[] highWater = {0};
        jdbc.query("SELECT k.last_seq, e.seq, e.entity_id, e.data, e.deleted FROM change_log_counter k LEFT JOIN ("
                        + "SELECT seq, entity_id, data, deleted FROM pos_entities WHERE entity_type = ? AND store_id = ? "
                        + "AND seq > ? ORDER BY seq LIMIT ?) e ON 1 = 1 WHERE k.id = 1 ORDER BY e.seq",
                rs -> {
                    highWater[0] = rs.getLong(1);
                    if (rs.getString(3) != null) {
                        rows.add(new Row(rs.getLong(2), rs.getString(3), rs.getBoolean(5) ? null : rs.getString(4)));
                    }
                },
                type.wireName(), PosEntityStore.storeKey(storeId), from, limit);
        return new Snapshot(highWater[0], rows);
    }

    /**
     * Products: the latest change of each product since the cursor (a change superseded by a later one of the same
     * product is skipped: index ix_change_log_entity), joined with the product's current state in the central store.
     * A page costs what it reads from the cursor on, not the whole history since it.
     */
    private Snapshot productRows(long from, int limit) {
        List<Row> rows = new ArrayList<>();
        long[] highWater = {0};
        jdbc.query("SELECT k.last_seq, c.seq, c.entity_id, p.id, p.client_id, p.fields, p.version, p.last_updated_at, p.deleted, "
                        + "r.product_id AS retired "
                        + "FROM change_log_counter k LEFT JOIN ("
                        + "SELECT c.seq, c.entity_id FROM change_log c WHERE c.entity_type = ? AND c.seq > ? "
                        + "AND NOT EXISTS (SELECT 1 FROM change_log d WHERE d.entity_type = c.entity_type "
                        + "AND d.entity_id = c.entity_id AND d.seq > c.seq) ORDER BY c.seq LIMIT ?) c ON 1 = 1 "
                        + "LEFT JOIN products p ON p.id = CAST(c.entity_id AS BIGINT) "
                        + "LEFT JOIN product_retirements r ON r.product_id = p.id WHERE k.id = 1 ORDER BY c.seq",
                rs -> {
                    highWater[0] = rs.getLong(1);
                    if (rs.getString(3) == null) {
                        return;
                    }
                    // a retired product (deleted in a shop or the hub, kept inactive in the store) is a tombstone here
                    boolean gone = rs.getObject(4) == null || rs.getBoolean(9) || rs.getObject(10) != null;
                    rows.add(new Row(rs.getLong(2), rs.getString(3), gone ? null
                            : productItem(rs.getLong(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getObject(8))));
                },
                ProductStore.ENTITY_TYPE, from, limit);
        return new Snapshot(highWater[0], rows);
    }

    /**
     * The POS projection of a product: {@code id}, {@code clientId}, the canonical fields as stored (sku, name, prices,
     * stock … as in the product API), {@code version} and {@code lastUpdatedAt}; no ownership metadata or platform
     * links. Spliced from the stored JSON text (written by {@link CanonicalJson}) rather than re-parsed: a pull of
     * 10,000 products is dominated by this step otherwise. Canonical field names never include these four keys.
     */
    static String productItem(long id, String clientId, String fieldsJson, long version, Object lastUpdatedAt) {
        String fields = fieldsJson == null ? "{}" : fieldsJson.trim();
        StringBuilder out = new StringBuilder(fields.length() + 120);
        out.append("{\"id\":").append(id).append(",\"clientId\":").append(CanonicalJson.write(clientId));
        if (fields.length() > 2 && fields.charAt(0) == '{') {
            out.append(',').append(fields, 1, fields.length() - 1);
        }
        return out.append(",\"version\":").append(version).append(",\"lastUpdatedAt\":\"")
                .append(DbTime.iso(lastUpdatedAt)).append("\"}").toString();
    }
}
