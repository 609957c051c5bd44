package io.synchub.fulfilment;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.canonical.DbTime;
import io.synchub.orders.OrderStore;
import io.synchub.ownership.DurationText;
import io.synchub.outbox.ErrorClass;
import io.synchub.outbox.PushFailure;
import io.synchub.platform.jtl.JtlTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * One poll of the JTL-FFN outbound updates feed ({@code GET /v1/merchant/outbounds/updates?fromDate&toDate&page&ignoreOwnApplicationId=true},
 * paged through {@code moreDataAvailable}/{@code nextChunkUrl}) with the stock poller's cursor discipline: the whole
 * window is applied in one transaction that also advances the cursor (poll_cursors row {@code jtl-outbound-updates}),
 * so a failure anywhere keeps the cursor. An update is applied only when its {@code modificationInfo.updatedAt} is
 * newer than the last one applied to that outbound (a replayed page changes nothing); it becomes the order's
 * fulfilment status (a {@code status_update} event), and the first {@code Shipped} plans the report to the shop.
 * Outbounds the hub did not create are ignored.
 */
@Component("jtlOutboundFeed")
public class JtlOutboundFeed {

    static final String CURSOR = "jtl-outbound-updates";
    private static final Logger LOG = LoggerFactory.getLogger(JtlOutboundFeed.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JtlTokens tokens;
    private final OrderStore orders;
    private final FulfilmentReports reports;
    private final String baseUrl;
    private final Duration initialLookback;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public JtlOutboundFeed(JdbcTemplate jdbc, PlatformTransactionManager txManager, JtlTokens tokens, OrderStore orders,
                           FulfilmentReports reports, @Value("${synchub.jtl.base-url:}") String baseUrl,
                           @Value("${synchub.jtl.initial-lookback:1h}") String initialLookback) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.tokens = tokens;
        this.orders = orders;
        this.reports = reports;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.initialLookback = DurationText.parse(initialLookback);
    }

    /** Polls the feed once; returns a one-line summary. Throws (cursor kept) when the token or the feed fails. */
    public String poll() {
        String token = tokens.accessToken();
        return tx.execute(s -> pollLocked(token));
    }

    private String pollLocked(String token) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                CURSOR, now.minus(initialLookback).toString(), Timestamp.from(now));
        List<String> cursor = jdbc.queryForList("SELECT cursor_value FROM poll_cursors WHERE name = ? FOR UPDATE SKIP LOCKED", String.class, CURSOR);
        if (cursor.isEmpty()) {
            return "another hub instance is polling the JTL outbound feed";
        }
        Instant from = Instant.parse(cursor.get(0));
        String url = baseUrl + "/v1/merchant/outbounds/updates?fromDate=" + enc(from.toString()) + "&toDate=" + enc(now.toString())
                + "&page=1&ignoreOwnApplicationId=true";
        int pages = 0;
        int entries = 0;
        int applied = 0;
        String windowEnd = now.toString();
        while (url != null) {
            JsonNode page = get(url, token);
            pages++;
            for (JsonNode entry : page.path("data")) {
                entries++;
                if (apply(entry.path("data").isObject() ? entry.get("data") : entry)) {
                    applied++;
                }
            }
            if (page.hasNonNull("to")) {
                windowEnd = page.get("to").asText();
            }
            url = page.path("moreDataAvailable").asBoolean(false) && page.hasNonNull("nextChunkUrl")
                    ? resolve(page.get("nextChunkUrl").asText()) : null;
        }
        Instant next = parseInstant(windowEnd, now);
        jdbc.update("UPDATE poll_cursors SET cursor_value = ?, updated_at = ? WHERE name = ?", next.toString(), Timestamp.from(Instant.now()), CURSOR);
        String summary = "JTL outbound feed " + from + " .. " + next + ": " + pages + " page(s), " + entries + " update(s), " + applied + " applied";
        LOG.info(summary);
        return summary;
    }

    /** Applies one outbound's state unless it is not newer than the last one applied to that outbound. */
    private boolean apply(JsonNode outbound) {
        String outboundId = outbound.path("outboundId").asText(null);
        String number = outbound.path("merchantOutboundNumber").asText(null);
        String status = outbound.path("status").asText(null);
        if (outboundId == null || status == null) {
            LOG.warn("JTL outbound update without outboundId/status ignored: {}", outbound);
            return false;
        }
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT order_id, jtl_status, jtl_updated_at, shipped_reported FROM order_outbounds "
                + "WHERE outbound_id = ? FOR UPDATE", outboundId);
        if (rows.isEmpty() && number != null) {
            // the create's answer was lost after the FFN stored it: the number (the hub's order id) finds the order
            rows = jdbc.queryForList("SELECT order_id, jtl_status, jtl_updated_at, shipped_reported FROM order_outbounds "
                    + "WHERE merchant_outbound_number = ? FOR UPDATE", number);
        }
        if (rows.isEmpty()) {
            LOG.info("JTL outbound {} ({}) is not one the hub created: ignored", outboundId, number);
            return false;
        }
        Map<String, Object> row = rows.get(0);
        long orderId = ((Number) row.get("order_id")).longValue();
        Instant updatedAt = parseInstant(outbound.path("modificationInfo").path("updatedAt").asText(""), null);
        Instant applied = DbTime.instant(row.get("jtl_updated_at"));
        if (updatedAt != null && applied != null && !updatedAt.isAfter(applied)) {
            return false;
        }
        if (updatedAt == null && status.equals(row.get("jtl_status"))) {
            return false;
        }
        if (updatedAt == null) {
            jdbc.update("UPDATE order_outbounds SET outbound_id = ?, jtl_status = ?, updated_at = ? WHERE order_id = ?",
                    outboundId, status, Timestamp.from(Instant.now()), orderId);
        } else {
            jdbc.update("UPDATE order_outbounds SET outbound_id = ?, jtl_status = ?, jtl_updated_at = ?, updated_at = ? WHERE order_id = ?",
                    outboundId, status, Timestamp.from(updatedAt), Timestamp.from(Instant.now()), orderId);
        }
        if (orders.find(orderId).isEmpty()) {
            LOG.info("JTL outbound {} is {} but order {} was deleted in the hub", outboundId, status, orderId);
            return true;
        }
        orders.changeFulfilmentStatus(orderId, OutboundStatus.fulfilmentStatus(status), "JTL");
        if (OutboundStatus.isShipped(status) && !Boolean.TRUE.equals(row.get("shipped_reported"))) {
            jdbc.update("UPDATE order_outbounds SET shipped_reported = TRUE WHERE order_id = ?", orderId);
            reports.planShipped(orders.get(orderId));
        }
        return true;
    }

    private JsonNode get(String url, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PushFailure(ErrorClass.NETWORK, "the JTL outbound feed is unreachable (" + e + "); the cursor is kept and the next poll retries");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PushFailure(ErrorClass.NETWORK, "interrupted while reading the JTL outbound feed");
        }
        if (response.statusCode() == 401) {
            tokens.invalidate();
        }
        if (response.statusCode() != 200) {
            throw PushFailure.ofStatus(response.statusCode(), "the JTL outbound feed answered HTTP " + response.statusCode()
                    + " for " + url + "; the cursor is kept and the next poll retries", null);
        }
        return CanonicalJson.parse(response.body());
    }

    /** nextChunkUrl may be absolute, relative to the host (/api/v1/…) or relative to the API base (/v1/…). */
    private String resolve(String next) {
        if (next.startsWith("http://") || next.startsWith("https://")) {
            return next;
        }
        URI base = URI.create(baseUrl);
        String basePath = base.getPath() == null ? "" : base.getPath();
        String path = next.startsWith("/") ? next : "/" + next;
        if (!basePath.isEmpty() && !path.startsWith(basePath + "/")) {
            path = basePath + path;
        }
        return base.getScheme() + "://" + base.getRawAuthority() + path;
    }

    public String cursor() {
        return jdbc.queryForList("SELECT cursor_value FROM poll_cursors WHERE name = ?", String.class, CURSOR).stream().findFirst().orElse(null);
    }

    private static Instant parseInstant(String text, Instant fallback) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            try {
                return Instant.parse(text);
            } catch (RuntimeException e2) {
                return fallback;
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
