package io.platformsim.jtl;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** FFN timestamps: ISO-8601 with milliseconds and offset, e.g. {@code 2026-01-01T10:00:00.123+00:00}. */
final class JtlTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    private JtlTime() {
    }

    static String format(Instant t) {
        return FORMAT.format(t);
    }

    /** Accepts an offset date-time, an instant, or a local date-time (taken as UTC); null when none of them. */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
