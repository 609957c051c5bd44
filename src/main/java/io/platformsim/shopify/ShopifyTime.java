package io.platformsim.shopify;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Shopify's timestamps: REST {@code 2026-01-01T12:00:00+00:00} (seconds), GraphQL/variant_gids ISO with millis. */
final class ShopifyTime {

    private static final DateTimeFormatter REST = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ShopifyTime() {
    }

    static String rest(Instant t) {
        return t == null ? null : REST.format(t);
    }

    static String millis(Instant t) {
        return MILLIS.format(t);
    }

    static String graphql(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** Parses {@code updated_at_min} and similar: an ISO-8601 date-time with offset (or a plain date). */
    static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 date-time such as 2026-01-01T00:00:00-05:00");
            }
        }
    }
}
