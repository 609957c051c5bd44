package io.synchub.pos;

import io.synchub.api.ApiException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The {@code since} of a pull: the opaque {@code next_cursor} of a previous answer (a change-log sequence, sent as
 * digits), or, for old clients, an ISO-8601 timestamp. Absent means 0: everything.
 */
public sealed interface SyncCursor {

    Pattern SEQUENCE = Pattern.compile("[0-9]{1,18}");

    record Sequence(long seq) implements SyncCursor {
    }

    record Timestamp(Instant at) implements SyncCursor {
    }

    static SyncCursor parse(String since) {
        if (since == null || since.isBlank()) {
            return new Sequence(0);
        }
        String s = since.trim();
        if (SEQUENCE.matcher(s).matches()) {
            return new Sequence(Long.parseLong(s));
        }
        Instant at = timestamp(s);
        if (at == null) {
            throw new ApiException(400, "malformed_cursor", "since must be the next_cursor of a previous answer, "
                    + "an ISO-8601 timestamp (2026-01-31T12:00:00Z) or 0 for everything; got '" + abbreviate(s) + "'");
        }
        return new Timestamp(at);
    }

    static String format(long seq) {
        return Long.toString(seq);
    }

    private static Instant timestamp(String text) {
        // an unencoded '+' of an offset arrives as a space
        String s = text.replace(' ', '+');
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
