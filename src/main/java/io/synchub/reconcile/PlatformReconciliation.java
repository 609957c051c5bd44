package io.synchub.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.channel.ChannelRegistry;
import io.synchub.inbox.Inbox;
import io.synchub.outbox.PushTargets;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Catches what webhooks missed (Shopify gives up after 4 h, WooCommerce never retries): pulls the products changed
 * since the last run (WooCommerce {@code modified_after}, Shopify {@code updated_at_min}) and puts each into the
 * durable inbox as the webhook would have, so the same dedupe, echo check, merge and outbox apply. The cursor and
 * the inbox rows commit together; a failure keeps the cursor.
 */
@Component("platformReconciliation")
public class PlatformReconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformReconciliation.class);
    private static final int MAX_RATE_LIMIT_WAITS = 600;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    // each page's deliveries commit on their own, so the inbox drain works while later pages are still fetched;
    // the cursor (locked by the outer transaction) moves only when the whole pull succeeded
    private final TransactionTemplate pageTx;
    private final Inbox inbox;
    private final PushTargets targets;
    private final io.synchub.platform.PlatformRegistry platforms;
    private final Duration lookback;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public PlatformReconciliation(JdbcTemplate jdbc, PlatformTransactionManager txManager, Inbox inbox, PushTargets targets,
                                  io.synchub.platform.PlatformRegistry platforms, @Value("${synchub.reconcile.initial-lookback:24h}") Duration lookback) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.pageTx = new TransactionTemplate(txManager);
        this.pageTx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.inbox = inbox;
        this.targets = targets;
        this.platforms = platforms;
        this.lookback = lookback;
    }

    /** WooCommerce: {@code GET /wp-json/wc/v3/products?modified_after=&dates_are_gmt=true&per_page=100&page=N}. */
    public String woocommerce() {
        return tx.execute(s -> {
            String from = lockCursor("woocommerce-products", Instant.now().minus(lookback).truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""));
            if (from == null) {
                return "another hub instance is reconciling WooCommerce";
            }
            String newest = from;
            int queued = 0;
            for (int page = 1; ; page++) {
                HttpResponse<String> r = get(platforms.baseUrl("woocommerce") + "/wp-json/wc/v3/products?modified_after=" + enc(from) + "&dates_are_gmt=true"
                        + "&per_page=100&orderby=modified&order=asc&page=" + page, "Authorization", platforms.authValue("woocommerce"));
                JsonNode items = CanonicalJson.parse(r.body());
                queued += pageTx.execute(p -> {
                    int n = 0;
                    for (JsonNode item : items) {
                        String modified = item.path("date_modified_gmt").asText("");
                        if (queue("WOOCOMMERCE", "product.updated", item.path("id").asText() + "|" + modified, item)) {
                            n++;
                        }
                    }
                    return n;
                });
                for (JsonNode item : items) {
                    String modified = item.path("date_modified_gmt").asText("");
                    newest = modified.compareTo(newest) > 0 ? modified : newest;
                }
                int totalPages = Integer.parseInt(r.headers().firstValue("X-WP-TotalPages").orElse("1"));
                if (items.isEmpty() || page >= totalPages) {
                    break;
                }
            }
            return advance("woocommerce-products", from, newest, queued, "WooCommerce");
        });
    }

    /** Shopify: {@code GET /admin/api/{version}/products.json?updated_at_min=&limit=250}, paged through the Link header. */
    public String shopify() {
        return tx.execute(s -> {
            String from = lockCursor("shopify-products", Instant.now().minus(lookback).truncatedTo(ChronoUnit.SECONDS).toString());
            if (from == null) {
                return "another hub instance is reconciling Shopify";
            }
            String base = platforms.baseUrl("shopify") + "/admin/api/" + platforms.setting("shopify", "apiVersion");
            String url = base + "/products.json?updated_at_min=" + enc(from) + "&limit=250";
            Instant newest = Instant.parse(from);
            int queued = 0;
            while (url != null) {
                HttpResponse<String> r = get(url, platforms.authHeader("shopify"), platforms.authValue("shopify"));
                JsonNode products = CanonicalJson.parse(r.body()).path("products");
                queued += pageTx.execute(p -> {
                    int n = 0;
                    for (JsonNode item : products) {
                        String updated = item.path("updated_at").asText("");
                        if (queue("SHOPIFY", "products/update", item.path("admin_graphql_api_id").asText(item.path("id").asText()) + "|" + updated, item)) {
                            n++;
                        }
                    }
                    return n;
                });
                for (JsonNode item : products) {
                    String updated = item.path("updated_at").asText("");
                    try {
                        Instant at = java.time.OffsetDateTime.parse(updated).toInstant();
                        newest = at.isAfter(newest) ? at : newest;
                    } catch (RuntimeException e) {
                        // an item without a parsable updated_at does not move the cursor
                    }
                }
                Matcher next = NEXT_LINK.matcher(r.headers().firstValue("Link").orElse(""));
                url = next.find() ? next.group(1) : null;
            }
            return advance("shopify-products", from, newest.toString(), queued, "Shopify");
        });
    }

    private boolean queue(String platform, String topic, String key, JsonNode item) {
        return inbox.accept(platform, ChannelRegistry.DEFAULT_CLIENT, topic, platform + "|reconcile|" + key,
                Map.of("X-SyncHub-Source", "reconciliation"), CanonicalJson.write(item));
    }

    private String lockCursor(String name, String initial) {
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                name, initial, Timestamp.from(Instant.now()));
        List<String> rows = jdbc.queryForList("SELECT cursor_value FROM poll_cursors WHERE name = ? FOR UPDATE SKIP LOCKED", String.class, name);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private String advance(String name, String from, String newest, int queued, String platform) {
        jdbc.update("UPDATE poll_cursors SET cursor_value = ?, updated_at = ? WHERE name = ?", newest, Timestamp.from(Instant.now()), name);
        String summary = platform + " reconciliation since " + from + ": " + queued + " product(s) queued in the inbox, cursor " + newest;
        LOG.info(summary);
        return summary;
    }

    /**
     * One page. A 429 is waited out as the platform says (Retry-After, fractional seconds allowed; 1 s without one)
     * and the same page asked again, up to {@value #MAX_RATE_LIMIT_WAITS} times: a rate-limited pull finishes at
     * the pace the limit allows instead of giving up on page 2.
     */
    private HttpResponse<String> get(String url, String authHeader, String authValue) {
        try {
            for (int waits = 0; ; waits++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                        .header(authHeader, authValue).header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 429 && waits < MAX_RATE_LIMIT_WAITS) {
                    Thread.sleep(retryAfterMillis(r.headers().firstValue("Retry-After").orElse(null)));
                    continue;
                }
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET " + url.replaceAll("\\?.*", "") + " answered HTTP " + r.statusCode()
                            + "; the reconciliation cursor is kept and the next run retries");
                }
                return r;
            }
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url.replaceAll("\\?.*", "") + " failed (" + e + "); the cursor is kept", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static long retryAfterMillis(String header) {
        if (header == null || header.isBlank()) {
            return 1000;
        }
        try {
            return Math.max(0, Math.min(60_000, Math.round(Double.parseDouble(header.trim()) * 1000)));
        } catch (NumberFormatException e) {
            return 1000; // an HTTP date or garbage: a short, safe wait
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
