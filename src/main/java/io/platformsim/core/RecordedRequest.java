package io.platformsim.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;

/**
 * One request a simulator received and what it answered. Credentials in headers are redacted; the body is kept
 * exactly, so tests can assert what a client pushed.
 */
public record RecordedRequest(long sequence, Instant at, String method, String path, String rawQuery,
                              Map<String, String> headers, String body, int status, String fault) {

    public JsonNode json() {
        return Json.parse(body);
    }

    public boolean is(String method, String pathPrefix) {
        return this.method.equalsIgnoreCase(method) && path.startsWith(pathPrefix);
    }
}
