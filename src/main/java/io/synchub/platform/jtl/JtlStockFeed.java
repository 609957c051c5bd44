package io.synchub.platform.jtl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.product.ApplyResult;
import io.synchub.product.ProductLink;
import io.synchub.product.ProductStore;
import io.synchub.product.ProductWrite;
import io.synchub.ownership.DurationText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One poll of the JTL-FFN stock updates feed ({@code GET /v1/merchant/stocks/updates?fromDate&toDate&ignoreOwnApplicationId=true},
 * paged through {@code moreDataAvailable}/{@code nextChunkUrl}). The whole window is applied in one transaction
 * that also advances the cursor, so the cursor moves only when the batch is committed and a failure anywhere keeps it.
 * Each (warehouse, jfsku) keeps the last applied {@code stockVersion}: a replayed or older entry changes nothing.
 * The sellable quantity per jfsku is summed over its warehouses, floored and never negative; the formula is
 * {@code synchub.jtl.sellable-formula}. The level is written through the product store with origin JTL (matched by
 * the JTL link, else by SKU = merchantSku, which then links it), so the Shopify/WooCommerce stock jobs follow.
 */
@Component("jtlStockFeed")
public class JtlStockFeed {

    static final String CURSOR = "jtl-stock-updates";
    private static final Logger LOG = LoggerFactory.getLogger(JtlStockFeed.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JtlTokens tokens;
    private final ProductStore store;
    private final JtlUpdatesFeed feed;
    private final Duration initialLookback;
    private final String clientId;
    private final SellableFormula formula;

    private volatile Instant lastPollAt;
    private volatile String lastPollError;
    private volatile String lastPollSummary;

    public JtlStockFeed(JdbcTemplate jdbc, PlatformTransactionManager txManager, JtlTokens tokens, ProductStore store,
                        JtlUpdatesFeed feed,
                        @Value("${synchub.jtl.initial-lookback:1h}") String initialLookback,
                        @Value("${synchub.jtl.client-id-in-hub:default}") String clientId,
                        @Value("${synchub.jtl.sellable-formula:level-minus-reserved-blocked}") String formula) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.tokens = tokens;
        this.store = store;
        this.feed = feed;
        this.initialLookback = DurationText.parse(initialLookback);
        this.clientId = clientId;
        this.formula = SellableFormula.of(formula);
    }

    /** Polls the feed once; returns a one-line summary. Throws (cursor kept) when the token or the feed fails. */
    public String poll() {
        try {
            String token = tokens.accessToken();
            String summary = tx.execute(s -> pollLocked(token));
            lastPollError = null;
            lastPollSummary = summary;
            return summary;
        } catch (RuntimeException e) {
            lastPollError = e.getMessage();
            throw e;
        } finally {
            lastPollAt = Instant.now();
        }
    }

    private String pollLocked(String token) {
        return feed.readWindow(CURSOR, "/v1/merchant/stocks/updates", "", initialLookback, token, "stock feed", this::apply)
                .map(w -> {
                    String summary = "JTL stock feed " + w.from() + " .. " + w.to() + ": " + w.pages() + " page(s), " + w.entries()
                            + " change(s), " + w.applied() + " newer level(s) applied";
                    LOG.debug(summary);
                    return summary;
                })
                .orElse("another hub instance is polling the JTL stock feed");
    }

    /** Applies one StockChange unless its stockVersion is not newer than the last one applied for its (warehouse, jfsku). */
    private boolean apply(JsonNode change) {
        JsonNode id = change.path("stockChangeId");
        String warehouse = id.path("warehouseId").asText(null);
        String jfsku = id.path("jfsku").asText(null);
        if (warehouse == null || jfsku == null || !id.hasNonNull("stockVersion")) {
            LOG.warn("JTL stock change without warehouseId/jfsku/stockVersion ignored: {}", change);
            return false;
        }
        long version = id.get("stockVersion").asLong();
        List<Long> known = jdbc.queryForList("SELECT stock_version FROM jtl_stock_levels WHERE warehouse_id = ? AND jfsku = ? FOR UPDATE",
                Long.class, warehouse, jfsku);
        if (!known.isEmpty() && known.get(0) >= version) {
            return false;
        }
        String merchantSku = change.hasNonNull("merchantSku") ? change.get("merchantSku").asText() : null;
        Object[] levels = {decimal(change, "stockLevel"), decimal(change, "stockLevelReserved"), decimal(change, "stockLevelBlocked"),
                decimal(change, "stockLevelAnnounced")};
        Timestamp now = Timestamp.from(Instant.now());
        if (known.isEmpty()) {
            jdbc.update("INSERT INTO jtl_stock_levels (warehouse_id, jfsku, merchant_sku, stock_version, stock_level, stock_reserved, "
                    + "stock_blocked, stock_announced, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", warehouse, jfsku, merchantSku, version,
                    levels[0], levels[1], levels[2], levels[3], now);
        } else {
            jdbc.update("UPDATE jtl_stock_levels SET merchant_sku = COALESCE(?, merchant_sku), stock_version = ?, stock_level = ?, "
                    + "stock_reserved = ?, stock_blocked = ?, stock_announced = ?, updated_at = ? WHERE warehouse_id = ? AND jfsku = ?",
                    merchantSku, version, levels[0], levels[1], levels[2], levels[3], now, warehouse, jfsku);
        }
        writeProductStock(jfsku, merchantSku);
        return true;
    }

    private void writeProductStock(String jfsku, String merchantSku) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT stock_level, stock_reserved, stock_blocked, stock_announced, merchant_sku "
                + "FROM jtl_stock_levels WHERE jfsku = ?", jfsku);
        BigDecimal sellable = BigDecimal.ZERO;
        BigDecimal reserved = BigDecimal.ZERO;
        BigDecimal announced = BigDecimal.ZERO;
        String sku = merchantSku;
        for (Map<String, Object> r : rows) {
            sellable = sellable.add(formula.sellable((BigDecimal) r.get("stock_level"), (BigDecimal) r.get("stock_reserved"),
                    (BigDecimal) r.get("stock_blocked")));
            reserved = reserved.add((BigDecimal) r.get("stock_reserved"));
            announced = announced.add((BigDecimal) r.get("stock_announced"));
            if (sku == null && r.get("merchant_sku") != null) {
                sku = String.valueOf(r.get("merchant_sku"));
            }
        }
        ObjectNode fields = CanonicalJson.object();
        fields.put("available", floorAtZero(sellable));
        fields.put("reserved", floorAtZero(reserved));
        fields.put("announced", floorAtZero(announced));
        ApplyResult result = store.apply(new ProductWrite(clientId, "JTL", new ProductLink("JTL", jfsku, jfsku, null), sku, null,
                fields, false, null));
        if (result.skippedReason() != null) {
            LOG.debug("JTL stock for {} ({}) not applied: {}", jfsku, sku, result.skippedReason());
        }
    }
    public Instant lastPollAt() {
        return lastPollAt;
    }

    public String lastPollError() {
        return lastPollError;
    }

    public String lastPollSummary() {
        return lastPollSummary;
    }

    public String cursor() {
        return feed.cursor(CURSOR);
    }

    private static BigDecimal decimal(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? BigDecimal.ZERO : v.decimalValue();
    }

    private static long floorAtZero(BigDecimal d) {
        return Math.max(0L, d.setScale(0, RoundingMode.FLOOR).longValueExact());
    }

}
