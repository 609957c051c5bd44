package io.synchub.outbound;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.synchub.platform.jtl.JtlTokens;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * The hub with its three push targets pointed at WireMock servers on free ports (real HTTP): Shopify, WooCommerce and
 * JTL-FFN (whose server also answers the OAuth2 token endpoint). Retry delays are short so failure tests run fast.
 */
public abstract class OutboundTestSupport extends HubTestSupport {

    protected static final WireMockServer SHOPIFY = start();
    protected static final WireMockServer WOO = start();
    protected static final WireMockServer JTL = start();

    protected static final String SHOPIFY_GRAPHQL = "/admin/api/2026-01/graphql.json";
    /**
     * Shopify accepting whatever a static stub is asked: the product and stock mutations of a single push, and the same
     * under the aliases of a batched document (p0_ to p4_), each without userErrors.
     */
    protected static final String SHOPIFY_ACCEPTS_ALL = "{\"data\":{" + java.util.stream.Stream.of("", "p0_", "p1_", "p2_", "p3_", "p4_")
            .map(a -> "\"" + a + "productUpdate\":{\"userErrors\":[]},\"" + a + "productVariantsBulkUpdate\":{\"userErrors\":[]},\""
                    + a + "inventorySetQuantities\":{\"userErrors\":[]}")
            .collect(java.util.stream.Collectors.joining(",")) + "}}";
    protected static final String SHOPIFY_TOKEN = "shpat-test-token";
    protected static final String MAX_ATTEMPTS = "4";

    @Autowired
    protected List<CircuitBreaker> circuitBreakers;
    @Autowired
    protected JtlTokens jtlTokens;

    private static WireMockServer start() {
        WireMockServer s = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        s.start();
        return s;
    }

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry r) {
        r.add("synchub.channels.shopify.base-url", () -> "http://localhost:" + SHOPIFY.port());
        r.add("synchub.channels.shopify.access-token", () -> SHOPIFY_TOKEN);
        r.add("synchub.shopify.location-id", () -> "9001");
        r.add("synchub.shopify.requests-per-second", () -> "20");
        r.add("synchub.channels.woocommerce.base-url", () -> "http://localhost:" + WOO.port());
        r.add("synchub.channels.woocommerce.consumer-key", () -> "ck_test");
        r.add("synchub.channels.woocommerce.consumer-secret", () -> "cs_test");
        r.add("synchub.jtl.base-url", () -> "http://localhost:" + JTL.port() + "/api");
        r.add("synchub.jtl.token-url", () -> "http://localhost:" + JTL.port() + "/token");
        r.add("synchub.jtl.client-id", () -> "jtl-client");
        r.add("synchub.jtl.client-secret", () -> "jtl-secret");
        r.add("synchub.jtl.refresh-token", () -> "refresh-seed");
        r.add("synchub.jtl.poll-interval", () -> "1h");
        r.add("synchub.jtl.poll-initial-delay", () -> "1h");
        r.add("synchub.outbox.poll-delay-ms", () -> "50");
        r.add("synchub.reconcile.interval", () -> "1h");
        r.add("synchub.reconcile.initial-delay", () -> "1h");
        r.add("synchub.outbox.retry.max-attempts", () -> MAX_ATTEMPTS);
        r.add("synchub.outbox.retry.initial-delay", () -> "100ms");
        r.add("synchub.outbox.retry.max-delay", () -> "400ms");
        r.add("synchub.outbox.circuit-breaker.minimum-calls", () -> "100");
        r.add("synchub.outbox.circuit-breaker.wait-in-open", () -> "1s");
    }

    @BeforeEach
    void resetPlatforms() {
        SHOPIFY.resetAll();
        WOO.resetAll();
        JTL.resetAll();
        circuitBreakers.forEach(CircuitBreaker::reset);
        jtlTokens.invalidate();
        JTL.stubFor(post(urlEqualTo("/token")).withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":1800,\"access_token\":\"jtl-access\",\"refresh_token\":\"refresh-next\"}")));
    }

    /** Nothing of this test may reach the platforms during the next one: drop what is queued, let in-flight pushes end. */
    @org.junit.jupiter.api.AfterEach
    void quiesceOutbox() {
        jdbc.update("DELETE FROM outbox WHERE status = 'pending'");
        HubClient.await(Duration.ofSeconds(20), "in-flight pushes to finish", () -> {
            jdbc.update("DELETE FROM outbox WHERE status = 'pending'");
            return count("SELECT COUNT(*) FROM outbox WHERE status = 'processing'") == 0;
        });
    }

    /** A product straight into the store (no listeners: no jobs), linked as given: "PLATFORM:productId:variantId[:inventoryItemId]". */
    protected long seedProduct(String sku, String fieldsJson, String... links) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO products (client_id, sku, name, fields, field_meta, source_clocks, version, sync_status, "
                + "last_updated_by, last_updated_at, created_at) VALUES ('default', ?, 'seeded', ?, '{}', '{}', 1, 'SYNCED', 'NOLIMITS', ?, ?)",
                sku, fieldsJson, now, now);
        long id = jdbc.queryForObject("SELECT MAX(id) FROM products", Long.class);
        for (String link : links) {
            String[] p = link.split(":");
            jdbc.update("INSERT INTO product_links (product_id, platform, client_id, external_product_id, external_variant_id, "
                    + "inventory_item_id, created_at) VALUES (?, ?, 'default', ?, ?, ?, ?)", id, p[0], p[1], p[2], p.length > 3 ? p[3] : null, now);
        }
        return id;
    }

    protected static List<LoggedRequest> requests(WireMockServer server) {
        return server.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
    }

    protected void awaitNoOpenJobs() {
        HubClient.await(Duration.ofSeconds(15), "the outbox to drain", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'processing')", Long.class) == 0);
    }

    protected long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    protected static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder status(int code) {
        return aResponse().withStatus(code).withHeader("Content-Type", "application/json");
    }
}
