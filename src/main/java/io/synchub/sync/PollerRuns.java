package io.synchub.sync;

import io.synchub.canonical.CanonicalJson;
import io.synchub.canonical.DbTime;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/sync/pollers}: the pulls that run on a schedule (JTL feeds, reconciliations), each with the time
 * of its last successful run and how far its data reaches (its cursor), from their cursors in {@code poll_cursors}.
 */
@Component("pollerRuns")
public class PollerRuns {

    private final JdbcTemplate jdbc;

    public PollerRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String list() {
        Instant now = Instant.now();
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList("SELECT name, cursor_value, updated_at FROM poll_cursors ORDER BY name")) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("poller", row.get("name"));
            v.put("cursor", row.get("cursor_value"));
            Instant last = DbTime.instant(row.get("updated_at"));
            v.put("lastSuccessAt", last == null ? null : last.toString());
            Instant reached = parse(String.valueOf(row.get("cursor_value")));
            Instant base = reached != null ? reached : last;
            v.put("lagSeconds", base == null ? null : Math.max(0, Duration.between(base, now).toSeconds()));
            items.add(v);
        }
        return CanonicalJson.write(Map.of("items", items));
    }

    private static Instant parse(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
