package io.synchub.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.platform.jtl.JtlStockFeed;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flow C: a fake FFN serves the stock updates feed; the level reaches Shopify and WooCommerce, replays change nothing. */
class JtlStockPollTest extends OutboundTestSupport {

    @Autowired
    JtlStockFeed feed;

    static String change(String warehouse, long version, String level, String reserved, String blocked) {
        return "{\"stockChangeId\":{\"warehouseId\":\"" + warehouse + "\",\"jfsku\":\"MERC01PRDCT\",\"stockVersion\":" + version + "},"
                + "\"merchantSku\":\"TS-1\",\"stockLevel\":" + level + ",\"stockLevelReserved\":" + reserved + ",\"stockLevelBlocked\":"
                + blocked + ",\"stockLevelAnnounced\":4.0,\"quantity\":1.0,\"changeType\":\"Inbound\"}";
    }

    void feedPages() {
        JTL.stubFor(get(urlPathEqualTo("/api/v1/merchant/stocks/updates")).withQueryParam("ignoreOwnApplicationId", com.github.tomakehurst.wiremock.client.WireMock.equalTo("true"))
                .willReturn(okJson("{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-01T00:02:00Z\",\"moreDataAvailable\":true,"
                        + "\"nextChunkUrl\":\"/api/v1/merchant/stocks/updates?page=2\",\"data\":[" + change("WH-1", 5, "12.7", "2", "0") + "]}")));
        JTL.stubFor(get(urlEqualTo("/api/v1/merchant/stocks/updates?page=2"))
                .willReturn(okJson("{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-01T00:02:00Z\",\"moreDataAvailable\":false,"
                        + "\"nextChunkUrl\":null,\"data\":[" + change("WH-2", 3, "5.5", "0", "1") + "," + change("WH-1", 4, "99", "0", "0") + "]}")));
    }

    @Test
    void aJtlStockChangeReachesShopifyAndWooCommerceAndAReplayedPageChangesNothing() {
        long id = seedProduct("TS-1", "{\"sku\":\"TS-1\",\"name\":\"T-Shirt\",\"netSalesPrice\":19.99}",
                "SHOPIFY:788032119674292922:642667041472713922:4711", "WOOCOMMERCE:799:799");
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).willReturn(okJson("{\"data\":{\"inventorySetQuantities\":{\"userErrors\":[]}}}")));
        WOO.stubFor(put(urlEqualTo("/wp-json/wc/v3/products/799")).willReturn(okJson("{\"id\":799}")));
        feedPages();

        String summary = feed.poll();
        assertThat(summary).contains("2 page(s)").contains("3 change(s)").contains("2 newer level(s)");
        JsonNode product = hub.get("/api/v1/products/" + id).json();
        // WH-1: floor(12.7 - 2 - 0) = 10.7; WH-2: 5.5 - 0 - 1 = 4.5; sum 15.2 -> 15. WH-1 version 4 (older) is ignored.
        assertThat(product.get("available").asLong()).isEqualTo(15);
        assertThat(product.get("reserved").asLong()).isEqualTo(2);
        assertThat(product.get("fieldMeta").get("available").get("origin").asText()).isEqualTo("JTL");
        assertThat(product.get("links").findValuesAsText("platform")).contains("JTL");
        assertThat(feed.cursor()).isEqualTo("2026-01-01T00:02:00Z");

        awaitNoOpenJobs();
        JsonNode stock = CanonicalJson.parse(requests(SHOPIFY).get(0).getBodyAsString()).get("variables");
        assertThat(stock.at("/input/quantities/0/quantity").asLong()).isEqualTo(15);
        JsonNode woo = CanonicalJson.parse(requests(WOO).get(0).getBodyAsString());
        assertThat(woo.get("stock_quantity").asLong()).isEqualTo(15);
        assertThat(woo.get("manage_stock").asBoolean()).isTrue();
        assertThat(requests(JTL).stream().filter(r -> r.getUrl().startsWith("/api/v1/merchant/products"))).as("JTL's own stock is not pushed back").isEmpty();

        long version = hub.get("/api/v1/products/" + id).json().get("version").asLong();
        long jobs = count("SELECT COUNT(*) FROM outbox");
        jdbc.update("UPDATE poll_cursors SET cursor_value = '2026-01-01T00:00:00Z'");
        String again = feed.poll();
        assertThat(again).contains("0 newer level(s)");
        assertThat(hub.get("/api/v1/products/" + id).json().get("version").asLong()).as("a replayed page changes nothing").isEqualTo(version);
        assertThat(count("SELECT COUNT(*) FROM outbox")).isEqualTo(jobs);
    }

    @Test
    void anExpiredRefreshTokenFailsClearlyKeepsTheCursorAndShowsInHealth() {
        JTL.resetAll();
        JTL.stubFor(post(urlEqualTo("/token")).withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"The refresh token is invalid.\"}")));
        feedPages();
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES ('jtl-stock-updates', '2026-01-01T00:00:00Z', ?)",
                Timestamp.from(Instant.now()));

        assertThatThrownBy(() -> feed.poll()).hasMessageContaining("invalid_grant").hasMessageContaining("JTL_REFRESH_TOKEN");
        assertThat(feed.cursor()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(requests(JTL).stream().filter(r -> r.getUrl().contains("stocks"))).as("no feed call without a token").isEmpty();
        HubClient.Response health = hub.getAsScraper("/actuator/health");
        assertThat(health.status()).isEqualTo(503);
        JsonNode jtl = health.json().at("/components/jtl");
        assertThat(jtl.get("status").asText()).isEqualTo("DOWN");
        assertThat(jtl.at("/details/error").asText()).contains("invalid_grant");
        assertThat(jtl.at("/details/stockCursor").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(jdbc.queryForObject("SELECT refresh_token FROM oauth_tokens", String.class)).isEqualTo("refresh-seed");

        // the operator fixes the login: the next poll works and the health recovers
        resetPlatforms();
        feedPages();
        feed.poll();
        assertThat(hub.getAsScraper("/actuator/health").json().at("/components/jtl/status").asText()).isEqualTo("UP");
    }

    @Test
    void refreshTokensAreSingleUseAndEachNewOneIsStoredBeforeUse() {
        feedPages();
        feed.poll();
        assertThat(jdbc.queryForObject("SELECT refresh_token FROM oauth_tokens", String.class)).isEqualTo("refresh-next");
        JTL.verify(1, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/token"))
                .withRequestBody(containing("refresh_token=refresh-seed"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Basic "
                        + java.util.Base64.getEncoder().encodeToString("jtl-client:jtl-secret".getBytes()))));
        jtlTokens.invalidate();
        feed.poll();
        JTL.verify(1, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/token"))
                .withRequestBody(containing("refresh_token=refresh-next")));
        HubClient.await(Duration.ofSeconds(1), "nothing", () -> true);
    }
}
