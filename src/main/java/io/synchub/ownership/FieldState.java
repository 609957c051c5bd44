package io.synchub.ownership;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** A canonical field as stored: its value, who wrote it, when the hub applied it, and the source's own time. */
public record FieldState(JsonNode value, String origin, Instant at, Instant sourceAt) {
}
