package io.synchub.product;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.api.JsonBody;
import io.synchub.api.ListPage;
import io.synchub.api.Paging;
import io.synchub.canonical.CanonicalJson;
import io.synchub.ownership.OwnershipRules;
import io.synchub.ownership.OwnershipRulesFile;
import io.synchub.synclog.SyncLog;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The product endpoints of the hub's API (called from {@code routes/api-products.yaml}). */
@Component("productApi")
public class ProductApi {

    public static final String ORIGIN = "NOLIMITS";

    private final JdbcTemplate jdbc;
    private final ProductStore store;
    private final SyncLog syncLog;
    private final OwnershipRulesFile ownership;

    public ProductApi(JdbcTemplate jdbc, ProductStore store, SyncLog syncLog, OwnershipRulesFile ownership) {
        this.jdbc = jdbc;
        this.store = store;
        this.syncLog = syncLog;
        this.ownership = ownership;
    }

    public String list(@Header("q") String q, @Header("sku") String sku, @Header("category") String category,
                       @Header("limit") String limit, @Header("offset") String offset) {
        Paging paging = Paging.of(limit, offset);
        StringBuilder where = new StringBuilder(" WHERE deleted = FALSE");
        List<Object> args = new ArrayList<>();
        if (q != null && !q.isBlank()) {
            where.append(" AND search_text LIKE ? ESCAPE '\\'");
            args.add("%" + likeEscape(q.trim().toLowerCase(Locale.ROOT)) + "%");
        }
        if (sku != null && !sku.isBlank()) {
            where.append(" AND sku = ?");
            args.add(sku.trim());
        }
        if (category != null && !category.isBlank()) {
            where.append(" AND categories LIKE ? ESCAPE '\\'");
            args.add("%|" + likeEscape(category.trim()) + "|%");
        }
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM products" + where, Long.class, args.toArray());
        args.add(paging.limit());
        args.add(paging.offset());
        List<StoredProduct> rows = jdbc.query("SELECT * FROM products" + where + " ORDER BY id LIMIT ? OFFSET ?",
                ProductStore.ROW, args.toArray());
        OwnershipRules rules = ownership.rules();
        List<ObjectNode> items = rows.stream().map(p -> ProductView.of(p, store.links(p.id()), rules)).toList();
        return CanonicalJson.write(new ListPage<>(items, total, paging.limit(), paging.offset()));
    }

    public String get(@Header("id") String id) {
        return CanonicalJson.write(view(Paging.id("id", id)));
    }

    /** PATCH: the hub's own edit (origin NOLIMITS) through the same ownership merge as every platform. */
    public String patch(@Header("id") String id, String body) {
        long productId = Paging.id("id", id);
        JsonNode patch = JsonBody.object(body);
        OwnershipRules rules = ownership.rules();
        ObjectNode fields = CanonicalJson.object();
        List<String> unknown = new ArrayList<>();
        patch.fields().forEachRemaining(e -> {
            if (rules.groupOf(clientOf(productId), e.getKey()).isEmpty()) {
                unknown.add(e.getKey());
            } else {
                fields.set(e.getKey(), e.getValue());
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiException.unprocessable("unknown field(s) " + unknown + "; GET /api/v1/sync/field-ownership lists the fields");
        }
        if (fields.isEmpty()) {
            throw ApiException.unprocessable("the body names no field to change");
        }
        ApplyResult result = store.applyTo(productId, new ProductWrite(clientOf(productId), ORIGIN, null, null, null, fields, false, null));
        ObjectNode out = view(productId);
        ObjectNode outcome = out.putObject("mergeOutcome");
        var applied = outcome.putArray("applied");
        result.outcome().applied().keySet().forEach(applied::add);
        var dropped = outcome.putArray("dropped");
        result.outcome().dropped().forEach(d -> dropped.addObject().put("field", d.field())
                .put("reason", d.reason().logAction()).put("detail", d.detail()));
        return CanonicalJson.write(out);
    }

    public String logs(@Header("id") String id, @Header("limit") String limit, @Header("offset") String offset) {
        long productId = Paging.id("id", id);
        view(productId);
        Paging paging = Paging.of(limit, offset);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> row : syncLog.forProduct(productId, paging.limit(), paging.offset())) {
            Map<String, Object> item = new java.util.LinkedHashMap<>();
            item.put("id", row.get("id"));
            item.put("action", row.get("action"));
            item.put("origin", row.get("origin"));
            Object changed = row.get("changed_fields");
            item.put("changedFields", changed == null ? List.of() : List.of(String.valueOf(changed).split(",")));
            item.put("oldValues", json(row.get("old_values")));
            item.put("newValues", json(row.get("new_values")));
            item.put("message", row.get("message"));
            item.put("inboxId", row.get("inbox_id"));
            item.put("createdAt", io.synchub.canonical.DbTime.iso(row.get("created_at")));
            items.add(item);
        }
        return CanonicalJson.write(new ListPage<>(items, syncLog.countForProduct(productId), paging.limit(), paging.offset()));
    }

    ObjectNode view(long productId) {
        StoredProduct p = store.findById(productId).orElseThrow(() -> ApiException.notFound("product " + productId));
        return ProductView.of(p, store.links(productId), ownership.rules());
    }

    private String clientOf(long productId) {
        return store.findById(productId).map(StoredProduct::clientId)
                .orElseThrow(() -> ApiException.notFound("product " + productId));
    }
    private static JsonNode json(Object text) {
        return text == null ? null : CanonicalJson.parse(String.valueOf(text));
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
