package io.synchub.canonical;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Timestamps as the JDBC drivers hand them back (H2: OffsetDateTime, PostgreSQL: Timestamp), as ISO-8601 text. */
public final class DbTime {

    private DbTime() {
    }

    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        return OffsetDateTime.parse(String.valueOf(value)).toInstant();
    }

    public static String iso(Object value) {
        Instant i = instant(value);
        return i == null ? null : i.toString();
    }
}
