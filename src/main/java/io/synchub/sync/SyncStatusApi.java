package io.synchub.sync;

import io.synchub.canonical.CanonicalJson;
import io.synchub.ownership.FieldGroup;
import io.synchub.ownership.OwnershipRules;
import io.synchub.ownership.OwnershipRulesFile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/sync/status} and {@code GET /api/v1/sync/field-ownership}. */
@Component("syncStatusApi")
public class SyncStatusApi {

    private final JdbcTemplate jdbc;
    private final OwnershipRulesFile ownership;

    public SyncStatusApi(JdbcTemplate jdbc, OwnershipRulesFile ownership) {
        this.jdbc = jdbc;
        this.ownership = ownership;
    }

    public String status() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Long> byStatus = new LinkedHashMap<>();
        jdbc.query("SELECT sync_status, COUNT(*) AS n FROM products WHERE deleted = FALSE GROUP BY sync_status",
                rs -> {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                });
        out.put("total", byStatus.values().stream().mapToLong(Long::longValue).sum());
        out.put("synced", byStatus.getOrDefault("SYNCED", 0L));
        out.put("pending", byStatus.getOrDefault("PENDING", 0L));
        out.put("conflict", byStatus.getOrDefault("CONFLICT", 0L));
        out.put("error", byStatus.getOrDefault("ERROR", 0L));
        out.put("missingSku", jdbc.queryForObject("SELECT COUNT(*) FROM products WHERE deleted = FALSE AND sku IS NULL", Long.class));
        Timestamp last = jdbc.queryForObject("SELECT MAX(processed_at) FROM inbox", Timestamp.class);
        out.put("lastSyncAt", last == null ? null : last.toInstant().toString());
        Map<String, Long> inbox = new LinkedHashMap<>();
        jdbc.query("SELECT status, COUNT(*) FROM inbox GROUP BY status", rs -> {
            inbox.put(rs.getString(1).toLowerCase(), rs.getLong(2));
        });
        out.put("inbox", inbox);
        Map<String, Long> outbox = new LinkedHashMap<>();
        jdbc.query("SELECT status, COUNT(*) FROM outbox GROUP BY status", rs -> {
            outbox.put(rs.getString(1), rs.getLong(2));
        });
        out.put("outbox", outbox);
        out.put("deadLetters", jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters WHERE status = 'OPEN'", Long.class));
        return CanonicalJson.write(out);
    }

    public String fieldOwnership() {
        OwnershipRules rules = ownership.rules();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("conflictWindowSeconds", rules.conflictWindow().toSeconds());
        List<Map<String, Object>> groups = new ArrayList<>();
        for (FieldGroup g : rules.groups()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("name", g.name());
            gm.put("fields", g.fields());
            gm.put("writers", g.writers());
            gm.put("onConflict", Map.of("prefer", g.prefer(), "record", g.recordConflicts(),
                    "strategy", g.prefer().isEmpty() ? "last_write_wins" : "preferred_origin_wins"));
            groups.add(gm);
        }
        out.put("groups", groups);
        out.put("takenOnCreate", rules.takenOnCreate());
        Map<String, Object> push = new LinkedHashMap<>();
        rules.pushRules().forEach((target, r) -> push.put(target, Map.of("groups", r.groups(), "fields", r.fields(),
                "requiresSku", r.requiresSku())));
        out.put("push", push);
        out.put("clients", rules.clientOverrides());
        return CanonicalJson.write(out);
    }
}
