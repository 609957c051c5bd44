package io.synchub.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.canonical.CanonicalJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a caller asked a source to pull: {@code {"strategy":"auto|full|incremental|real-time","ids":[…],
 * "categories":[…],"urgency":"critical|normal"}}. Refused (400) when malformed.
 */
public record SyncRequest(String strategy, List<String> ids, List<String> categories, String urgency) {

    public static final Set<String> STRATEGIES = Set.of("auto", "full", "incremental", "real-time");
    static final int MAX_IDS = 10_000;

    public static SyncRequest auto() {
        return new SyncRequest("auto", List.of(), List.of(), "normal");
    }

    public static SyncRequest of(String strategy) {
        return new SyncRequest(strategy, List.of(), List.of(), "normal");
    }

    public static SyncRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return auto();
        }
        JsonNode in;
        try {
            in = CanonicalJson.parse(body);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("the body is not JSON");
        }
        if (!in.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        for (var it = in.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("strategy", "ids", "categories", "urgency").contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "'; allowed: strategy, ids, categories, urgency");
            }
        }
        String strategy = in.path("strategy").asText("auto");
        if (!STRATEGIES.contains(strategy)) {
            throw ApiException.badRequest("strategy must be one of auto, full, incremental, real-time");
        }
        String urgency = in.path("urgency").asText("normal");
        if (!Set.of("critical", "normal").contains(urgency)) {
            throw ApiException.badRequest("urgency must be critical or normal");
        }
        List<String> ids = texts(in, "ids", "^[0-9]{1,19}$", "ids must be a list of numeric ids");
        if (ids.size() > MAX_IDS) {
            throw ApiException.badRequest("at most " + MAX_IDS + " ids per request");
        }
        List<String> categories = texts(in, "categories", "^[a-z_]{1,40}$", "categories must be a list of category keys");
        if ("real-time".equals(strategy) && ids.isEmpty()) {
            throw ApiException.badRequest("a real-time sync needs the ids to read");
        }
        return new SyncRequest(strategy, ids, categories, urgency);
    }

    private static List<String> texts(JsonNode in, String field, String pattern, String problem) {
        JsonNode v = in.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw ApiException.badRequest(problem);
        }
        for (JsonNode e : v) {
            String t = e.isNumber() ? e.bigIntegerValue().toString() : e.isTextual() ? e.asText() : "";
            if (!t.matches(pattern)) {
                throw ApiException.badRequest(problem);
            }
            out.add(t);
        }
        return out;
    }

    public SyncRequest withStrategy(String s) {
        return new SyncRequest(s, ids, categories, urgency);
    }

    public ObjectNode scope() {
        ObjectNode o = CanonicalJson.object().put("requested", strategy).put("urgency", urgency);
        ids.forEach(o.putArray("ids")::add);
        categories.forEach(o.putArray("categories")::add);
        return o;
    }
}
