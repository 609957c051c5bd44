package io.synchub.orders;

import io.synchub.api.ApiException;
import io.synchub.orders.events.EventSubject;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * A list request for orders ({@code GET /api/v1/orders?stage=&source=&tenantId=&updatedSince=&q=}), checked; a key
 * bound to a tenant lists only that tenant's orders (another tenant is 404).
 */
public record OrderQuery(String stage, String source, String tenantId, Instant updatedSince, String q) {

    public static OrderQuery of(String stage, String source, String tenantId, String updatedSince, String q, String boundTenant) {
        String st = id("stage", stage);
        String src = id("source", source);
        String tenant = id("tenantId", tenantId);
        if (boundTenant != null) {
            if (tenant != null && !tenant.equals(boundTenant)) {
                throw ApiException.notFound("tenant " + tenant);
            }
            tenant = boundTenant;
        }
        Instant since = null;
        if (updatedSince != null && !updatedSince.isBlank()) {
            try {
                since = OffsetDateTime.parse(updatedSince.trim()).toInstant();
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("'updatedSince' must be an ISO-8601 time with offset such as 2026-01-31T12:00:00Z, got '"
                        + updatedSince + "'");
            }
        }
        String text = q == null || q.isBlank() ? null : q.trim();
        if (text != null && text.length() > 100) {
            throw ApiException.badRequest("'q' must be at most 100 characters");
        }
        return new OrderQuery(st, src == null ? null : src.toUpperCase(Locale.ROOT), tenant, since, text);
    }

    private static String id(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (!EventSubject.ID.matcher(v).matches()) {
            throw ApiException.badRequest("'" + name + "' must be letters, digits and . _ : @ # + - (at most 100 characters), got '" + value + "'");
        }
        return v;
    }

    String where(List<Object> args) {
        StringBuilder w = new StringBuilder(" WHERE deleted = FALSE");
        if (stage != null) {
            w.append(" AND stage = ?");
            args.add(stage);
        }
        if (source != null) {
            w.append(" AND origin = ?");
            args.add(source);
        }
        if (tenantId != null) {
            w.append(" AND tenant_id = ?");
            args.add(tenantId);
        }
        if (updatedSince != null) {
            w.append(" AND updated_at >= ?");
            args.add(Timestamp.from(updatedSince));
        }
        if (q != null) {
            String like = "%" + q.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            w.append(" AND (LOWER(order_ref) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(order_number, '')) LIKE ? ESCAPE '\\'"
                    + " OR LOWER(COALESCE(external_id, '')) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(customer_ref, '')) LIKE ? ESCAPE '\\')");
            for (int i = 0; i < 4; i++) {
                args.add(like);
            }
        }
        return w.toString();
    }
}
