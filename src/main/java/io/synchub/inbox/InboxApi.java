package io.synchub.inbox;

import io.synchub.api.ApiException;
import io.synchub.api.ListPage;
import io.synchub.api.Paging;
import io.synchub.canonical.CanonicalJson;
import io.synchub.canonical.DbTime;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/inbox}, {@code GET /api/v1/inbox/{id}} and {@code POST /api/v1/inbox/{id}/retry}: the deliveries
 * an operator looks at (above all the FAILED ones) and puts back in the queue.
 */
@Component("inboxApi")
public class InboxApi {

    private static final Set<String> STATUSES = Set.of("PENDING", "DONE", "FAILED");
    private static final String COLUMNS = "id, platform, client_id, topic, status, attempts, last_error, received_at, processed_at, "
            + "next_attempt_at";

    private final JdbcTemplate jdbc;
    private final Inbox inbox;

    public InboxApi(JdbcTemplate jdbc, Inbox inbox) {
        this.jdbc = jdbc;
        this.inbox = inbox;
    }

    public String list(@Header("status") String status, @Header("platform") String platform, @Header("limit") String limit,
                       @Header("offset") String offset) {
        Paging paging = Paging.of(limit, offset);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (status != null && !status.isBlank()) {
            String s = status.trim().toUpperCase(Locale.ROOT);
            if (!STATUSES.contains(s)) {
                throw ApiException.badRequest("'status' must be one of " + STATUSES + ", got '" + status + "'");
            }
            where.append(" AND status = ?");
            args.add(s);
        }
        if (platform != null && !platform.isBlank()) {
            where.append(" AND platform = ?");
            args.add(platform.trim().toUpperCase(Locale.ROOT));
        }
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM inbox" + where, Long.class, args.toArray());
        args.add(paging.limit());
        args.add(paging.offset());
        List<Map<String, Object>> items = jdbc.queryForList("SELECT " + COLUMNS + " FROM inbox" + where
                + " ORDER BY id DESC LIMIT ? OFFSET ?", args.toArray()).stream().map(InboxApi::view).toList();
        return CanonicalJson.write(new ListPage<>(items, total, paging.limit(), paging.offset()));
    }

    public String get(@Header("id") String idText) {
        long id = Paging.id("id", idText);
        Map<String, Object> row = jdbc.queryForList("SELECT " + COLUMNS + ", body FROM inbox WHERE id = ?", id).stream().findFirst()
                .orElseThrow(() -> ApiException.notFound("inbox delivery " + id));
        Map<String, Object> out = view(row);
        String body = String.valueOf(row.get("body"));
        try {
            out.put("body", CanonicalJson.parse(body));
        } catch (IllegalArgumentException e) {
            out.put("body", body);
        }
        return CanonicalJson.write(out);
    }

    public String retry(@Header("id") String idText) {
        long id = Paging.id("id", idText);
        List<String> status = jdbc.queryForList("SELECT status FROM inbox WHERE id = ?", String.class, id);
        if (status.isEmpty()) {
            throw ApiException.notFound("inbox delivery " + id);
        }
        if (!inbox.replay(id)) {
            throw ApiException.conflict("inbox delivery " + id + " is " + status.get(0) + ", not FAILED; only failed deliveries are retried");
        }
        return CanonicalJson.write(view(jdbc.queryForMap("SELECT " + COLUMNS + " FROM inbox WHERE id = ?", id)));
    }

    private static Map<String, Object> view(Map<String, Object> row) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", row.get("id"));
        v.put("platform", row.get("platform"));
        v.put("clientId", row.get("client_id"));
        v.put("topic", row.get("topic"));
        v.put("status", row.get("status"));
        v.put("attempts", row.get("attempts"));
        v.put("lastError", row.get("last_error"));
        v.put("receivedAt", DbTime.iso(row.get("received_at")));
        v.put("processedAt", DbTime.iso(row.get("processed_at")));
        v.put("nextAttemptAt", DbTime.iso(row.get("next_attempt_at")));
        return v;
    }
}
