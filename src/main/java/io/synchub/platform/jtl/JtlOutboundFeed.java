package io.synchub.platform.jtl;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.DbTime;
import io.synchub.orders.OrderStore;
import io.synchub.ownership.DurationText;
import io.synchub.fulfilment.FulfilmentReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
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
    private final JtlUpdatesFeed feed;
    private final Duration initialLookback;

    public JtlOutboundFeed(JdbcTemplate jdbc, PlatformTransactionManager txManager, JtlTokens tokens, OrderStore orders,
                           FulfilmentReports reports, JtlUpdatesFeed feed,
                           @Value("${synchub.jtl.initial-lookback:1h}") String initialLookback) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.tokens = tokens;
        this.orders = orders;
        this.reports = reports;
        this.feed = feed;
        this.initialLookback = DurationText.parse(initialLookback);
    }

    /** Polls the feed once; returns a one-line summary. Throws (cursor kept) when the token or the feed fails. */
    public String poll() {
        String token = tokens.accessToken();
        return tx.execute(s -> pollLocked(token));
    }

    private String pollLocked(String token) {
        return feed.readWindow(CURSOR, "/v1/merchant/outbounds/updates", "&page=1", initialLookback, token, "outbound feed",
                        entry -> apply(entry.path("data").isObject() ? entry.get("data") : entry))
                .map(w -> {
                    String summary = "JTL outbound feed " + w.from() + " .. " + w.to() + ": " + w.pages() + " page(s), " + w.entries()
                            + " update(s), " + w.applied() + " applied";
                    LOG.debug(summary);
                    return summary;
                })
                .orElse("another hub instance is polling the JTL outbound feed");
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
        Instant updatedAt = JtlUpdatesFeed.parseInstant(outbound.path("modificationInfo").path("updatedAt").asText(""), null);
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
            reports.planShipped(orders.get(orderId), "JTL");
        }
        return true;
    }
    public String cursor() {
        return feed.cursor(CURSOR);
    }

}
