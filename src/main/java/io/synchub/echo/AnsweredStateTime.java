package io.synchub.echo;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The platform's own time of the state a push produced, read from the platform's answer: the modification time the
 * answer names for the pushed item ({@code updatedAt} of a GraphQL product, {@code date_modified_gmt} of a REST
 * product, which carries no offset and is UTC). Null when the answer names none.
 */
public final class AnsweredStateTime {

    private static final String[] FIELDS = {"updatedAt", "date_modified_gmt", "updated_at"};

    private AnsweredStateTime() {
    }

    public static Instant of(Object answer) {
        JsonNode json;
        if (answer instanceof JsonNode n) {
            json = n;
        } else if (answer instanceof String s && !s.isBlank()) {
            try {
                json = CanonicalJson.parse(s);
            } catch (RuntimeException e) {
                return null;
            }
        } else {
            return null;
        }
        Instant newest = null;
        for (String field : FIELDS) {
            for (JsonNode v : json.findValues(field)) {
                Instant t = parse(v.asText(null));
                if (t != null && (newest == null || t.isAfter(newest))) {
                    newest = t;
                }
            }
        }
        return newest;
    }

    private static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text.endsWith("Z") ? text : text + "Z");
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
