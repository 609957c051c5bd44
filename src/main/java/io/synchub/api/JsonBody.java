package io.synchub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalFields;
import io.synchub.canonical.CanonicalJson;

/**
 * The JSON object a client sent: 400 {@code bad_request} when empty, 400 {@code malformed_json} when not an object,
 * 422 naming the place of a number no field could hold (checked before anything expands it).
 */
public final class JsonBody {

    private JsonBody() {
    }

    public static ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("the body is empty; send a JSON object");
        }
        JsonNode json;
        try {
            json = CanonicalJson.parse(body);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "malformed_json", "the body is not valid JSON: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new ApiException(400, "malformed_json", "the body must be a JSON object");
        }
        try {
            CanonicalFields.checkNumbers("", json);
        } catch (CanonicalFields.Invalid e) {
            throw ApiException.unprocessable(e.getMessage());
        }
        return (ObjectNode) json;
    }
}
