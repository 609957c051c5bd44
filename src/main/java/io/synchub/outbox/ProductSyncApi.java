package io.synchub.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.api.ApiException;
import io.synchub.api.ListPage;
import io.synchub.api.Paging;
import io.synchub.canonical.CanonicalJson;
import io.synchub.canonical.DbTime;
import io.synchub.product.ProductStore;
import io.synchub.product.StoredProduct;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code POST /api/v1/products/{id}/sync} (push the whole owned state again) and {@code GET /api/v1/products/{id}/queue}. */
@Component("productSyncApi")
public class ProductSyncApi {

    private final JdbcTemplate jdbc;
    private final ProductStore store;
    private final OutboxPlanner planner;
    private final PushTargets targets;

    public ProductSyncApi(JdbcTemplate jdbc, ProductStore store, OutboxPlanner planner, PushTargets targets) {
        this.jdbc = jdbc;
        this.store = store;
        this.planner = planner;
        this.targets = targets;
    }

    /** Queues a push of every field each target receives; body {@code {"skipPlatforms":["JTL", …]}} (optional). */
    @Transactional
    public String sync(@Header("id") String idText, String body) {
        long id = Paging.id("id", idText);
        StoredProduct product = store.lockById(id)
                .orElseThrow(() -> ApiException.notFound("product " + id));
        Set<String> skip = new LinkedHashSet<>();
        if (body != null && !body.isBlank()) {
            JsonNode json;
            try {
                json = CanonicalJson.parse(body);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "malformed_json", "the body is not valid JSON: " + e.getMessage());
            }
            JsonNode list = json.path("skipPlatforms");
            if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
                throw ApiException.badRequest("'skipPlatforms' must be a list of platform names, e.g. [\"JTL\"]");
            }
            list.forEach(n -> skip.add(n.asText().trim().toUpperCase(Locale.ROOT)));
        }
        Set<String> fields = new LinkedHashSet<>();
        product.fields().fieldNames().forEachRemaining(fields::add);
        Set<String> linked = new LinkedHashSet<>(jdbc.queryForList("SELECT DISTINCT platform FROM product_links WHERE product_id = ?",
                String.class, id));
        Set<String> planned = planner.plan(id, product.clientId(), product.sku(), "NOLIMITS", null, fields, linked, skip);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("productId", id);
        out.put("queuedFor", planned);
        out.put("skipped", skip);
        Set<String> notQueued = new LinkedHashSet<>(targets.enabledTargets());
        notQueued.removeAll(planned);
        notQueued.removeAll(skip);
        out.put("notQueued", notQueued);
        out.put("note", notQueued.isEmpty() ? null : "targets in notQueued are not linked to this product, need a SKU, or have nothing to receive");
        return CanonicalJson.write(out);
    }

    /** The product's outbox jobs, newest first. */
    public String queue(@Header("id") String idText, @Header("limit") String limit, @Header("offset") String offset) {
        long id = Paging.id("id", idText);
        store.findById(id).orElseThrow(() -> ApiException.notFound("product " + id));
        Paging paging = Paging.of(limit, offset);
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE entity_type = 'product' AND entity_id = ?", Long.class,
                String.valueOf(id));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> r : jdbc.queryForList("SELECT * FROM outbox WHERE entity_type = 'product' AND entity_id = ? "
                + "ORDER BY id DESC LIMIT ? OFFSET ?", String.valueOf(id), paging.limit(), paging.offset())) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", r.get("id"));
            v.put("target", r.get("target"));
            v.put("operation", r.get("operation"));
            v.put("status", r.get("status"));
            v.put("priority", r.get("priority"));
            v.put("changedFields", Outbox.split((String) r.get("changed_fields")));
            v.put("triggerOrigin", r.get("trigger_origin"));
            v.put("triggerRef", r.get("trigger_ref"));
            v.put("attempts", r.get("attempts"));
            v.put("nextAttemptAt", DbTime.iso(r.get("next_attempt_at")));
            v.put("lastError", r.get("last_error"));
            v.put("errorClass", r.get("error_class"));
            v.put("createdAt", DbTime.iso(r.get("created_at")));
            v.put("completedAt", DbTime.iso(r.get("completed_at")));
            items.add(v);
        }
        return CanonicalJson.write(new ListPage<>(items, total, paging.limit(), paging.offset()));
    }
}
