package io.synchub.outbox;

import io.synchub.api.ApiException;
import io.synchub.api.Paging;
import io.synchub.canonical.CanonicalJson;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/dead-letters/{id}}: a dead letter with its job's status (after a replay: whether it was
 * delivered) and last error, and the payload a replay pushes (a
 * push always sends the entity's current state, so that is what the operator sees).
 */
@Component("deadLetterDetail")
public class DeadLetterDetail {

    private final JdbcTemplate jdbc;

    public DeadLetterDetail(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String get(@Header("id") String idText) {
        long id = Paging.id("id", idText);
        Map<String, Object> row = jdbc.queryForList("SELECT * FROM dead_letters WHERE id = ?", id).stream().findFirst()
                .orElseThrow(() -> ApiException.notFound("dead letter " + id));
        Map<String, Object> out = DeadLetterApi.view(row);
        Map<String, Object> job = jdbc.queryForList("SELECT status, last_error, trigger_origin, trigger_ref FROM outbox WHERE id = ?",
                ((Number) row.get("outbox_id")).longValue()).stream().findFirst().orElse(Map.of());
        out.put("jobStatus", job.get("status"));
        out.put("lastError", job.get("last_error"));
        out.put("triggerOrigin", job.get("trigger_origin"));
        out.put("triggerInboxId", job.get("trigger_ref"));
        out.put("payload", payload(String.valueOf(row.get("entity_type")), String.valueOf(row.get("entity_id"))));
        return CanonicalJson.write(out);
    }

    private Object payload(String entityType, String entityId) {
        List<String> json;
        try {
            long id = Long.parseLong(entityId);
            json = switch (entityType) {
                case Outbox.ENTITY_PRODUCT -> jdbc.queryForList("SELECT fields FROM products WHERE id = ?", String.class, id);
                case Outbox.ENTITY_ORDER -> jdbc.queryForList("SELECT body FROM orders WHERE id = ?", String.class, id);
                default -> List.of();
            };
        } catch (NumberFormatException e) {
            return null;
        }
        return json.isEmpty() ? null : CanonicalJson.parse(json.get(0));
    }
}
