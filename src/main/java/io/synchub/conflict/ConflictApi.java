package io.synchub.conflict;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.api.ApiException;
import io.synchub.api.ListPage;
import io.synchub.api.Paging;
import io.synchub.canonical.CanonicalJson;
import io.synchub.product.ProductStore;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Lists conflicts and settles them: accept_local | accept_remote | merge (with mergeData). */
@Component("conflictApi")
public class ConflictApi {

    private static final Set<String> STATUSES = Set.of("CONFLICT", "RESOLVED");

    private final ConflictStore conflicts;
    private final ProductStore products;

    public ConflictApi(ConflictStore conflicts, ProductStore products) {
        this.conflicts = conflicts;
        this.products = products;
    }

    public String list(@Header("status") String status, @Header("productId") String productId,
                       @Header("limit") String limit, @Header("offset") String offset) {
        Paging paging = Paging.of(limit, offset);
        String s = status == null || status.isBlank() ? null : status.trim().toUpperCase(Locale.ROOT);
        if (s != null && !STATUSES.contains(s)) {
            throw ApiException.badRequest("'status' must be one of " + STATUSES + ", got '" + status + "'");
        }
        Long pid = productId == null || productId.isBlank() ? null : Paging.id("productId", productId);
        List<Map<String, Object>> items = conflicts.list(s, pid, paging.limit(), paging.offset()).stream().map(ConflictApi::view).toList();
        return CanonicalJson.write(new ListPage<>(items, conflicts.count(s, pid), paging.limit(), paging.offset()));
    }

    public String get(@Header("id") String id) {
        long cid = Paging.id("id", id);
        return CanonicalJson.write(view(conflicts.find(cid).orElseThrow(() -> ApiException.notFound("conflict " + cid))));
    }

    @Transactional
    public String resolve(@Header("id") String id, String body) {
        long cid = Paging.id("id", id);
        JsonNode request = parse(body);
        Map<String, Object> c = conflicts.lock(cid).orElseThrow(() -> ApiException.notFound("conflict " + cid));
        if (!"CONFLICT".equals(c.get("status"))) {
            throw ApiException.conflict("conflict " + cid + " is already " + c.get("status") + " (" + c.get("resolution") + ")");
        }
        String resolution = request.path("resolution").asText("");
        JsonNode value = switch (resolution) {
            case "accept_local" -> CanonicalJson.parse(String.valueOf(c.get("local_value")));
            case "accept_remote" -> CanonicalJson.parse(String.valueOf(c.get("remote_value")));
            case "merge" -> {
                if (!request.has("mergeData")) {
                    throw ApiException.unprocessable("resolution 'merge' needs 'mergeData': the value to keep for field '" + c.get("field") + "'");
                }
                yield request.get("mergeData");
            }
            default -> throw ApiException.unprocessable("'resolution' must be accept_local, accept_remote or merge, got '" + resolution + "'");
        };
        long productId = ((Number) c.get("product_id")).longValue();
        String field = String.valueOf(c.get("field"));
        products.forceWrite(productId, field, value, "NOLIMITS", "conflict " + cid + " resolved: " + resolution);
        conflicts.markResolved(cid, resolution, CanonicalJson.write(value));
        if (conflicts.openForProduct(productId) == 0) {
            products.clearConflictStatus(productId);
        }
        return CanonicalJson.write(view(conflicts.find(cid).orElseThrow()));
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = CanonicalJson.parse(body == null || body.isBlank() ? "{}" : body);
            if (!n.isObject()) {
                throw new ApiException(400, "malformed_json", "the body must be a JSON object like {\"resolution\":\"accept_local\"}");
            }
            return n;
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "malformed_json", "the body is not valid JSON: " + e.getMessage());
        }
    }

    static Map<String, Object> view(Map<String, Object> row) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", row.get("id"));
        v.put("productId", row.get("product_id"));
        v.put("field", row.get("field"));
        v.put("group", row.get("field_group"));
        v.put("status", row.get("status"));
        v.put("localValue", json(row.get("local_value")));
        v.put("localOrigin", row.get("local_origin"));
        v.put("localAt", instant(row.get("local_at")));
        v.put("remoteValue", json(row.get("remote_value")));
        v.put("remoteOrigin", row.get("remote_origin"));
        v.put("remoteAt", instant(row.get("remote_at")));
        v.put("appliedOrigin", row.get("applied_origin"));
        v.put("resolution", row.get("resolution"));
        v.put("resolvedValue", json(row.get("resolved_value")));
        v.put("createdAt", instant(row.get("created_at")));
        v.put("resolvedAt", instant(row.get("resolved_at")));
        v.put("occurrences", row.get("occurrences"));
        v.put("lastSeenAt", instant(row.get("last_seen_at")));
        return v;
    }

    private static JsonNode json(Object text) {
        return text == null ? null : CanonicalJson.parse(String.valueOf(text));
    }

    private static String instant(Object ts) {
        return io.synchub.canonical.DbTime.iso(ts);
    }
}
