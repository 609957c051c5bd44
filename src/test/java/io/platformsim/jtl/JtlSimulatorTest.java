package io.platformsim.jtl;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.core.CatalogueSpec;
import io.platformsim.core.Http;
import io.platformsim.core.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The JTL-FFN simulator over real HTTP on loopback. */
class JtlSimulatorTest {

    private JtlSimulator jtl;

    @BeforeEach
    void start() {
        jtl = new JtlSimulator(JtlConfig.defaults().withCatalogue(CatalogueSpec.of(40, 9)).withChunkSize(10)).start();
    }

    @AfterEach
    void stop() {
        jtl.close();
    }

    private Http.Reply token(String refreshToken) {
        return Http.send("POST", jtl.tokenUrl(), "grant_type=refresh_token&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded",
                "Authorization", Http.basic(jtl.config().clientId(), jtl.config().clientSecret()));
    }

    private String accessToken() {
        return token(jtl.newRefreshToken()).json().get("access_token").asText();
    }

    private Http.Reply get(String url, String accessToken) {
        return Http.send("GET", url.startsWith("http") ? url : jtl.apiUrl() + url, null, "Authorization", "Bearer " + accessToken);
    }

    @Test
    void refreshTokensRotateAndAnUsedOneIsRejected() {
        String first = jtl.config().initialRefreshToken();
        Http.Reply r1 = token(first);
        assertThat(r1.status()).isEqualTo(200);
        assertThat(r1.json().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(r1.json().get("expires_in").asLong()).isEqualTo(1800);
        String second = r1.json().get("refresh_token").asText();
        assertThat(second).isNotEqualTo(first);

        Http.Reply reused = token(first);
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.json().get("error").asText()).isEqualTo("invalid_grant");

        Http.Reply r2 = token(second);
        assertThat(r2.status()).isEqualTo(200);
        assertThat(r2.json().get("refresh_token").asText()).isNotIn(first, second);
        assertThat(get("/v1/merchant/stocks", r2.json().get("access_token").asText()).status()).isEqualTo(200);
        assertThat(jtl.tokenRefreshes()).isEqualTo(2);
    }

    @Test
    void wrongClientOrGrantIsRefused() {
        Http.Reply wrongClient = Http.send("POST", jtl.tokenUrl(), "grant_type=refresh_token&refresh_token=" + jtl.config().initialRefreshToken(),
                "Content-Type", "application/x-www-form-urlencoded", "Authorization", Http.basic(jtl.config().clientId(), "nope"));
        assertThat(wrongClient.status()).isEqualTo(401);
        assertThat(wrongClient.json().get("error").asText()).isEqualTo("invalid_client");
        Http.Reply clientCredentials = Http.send("POST", jtl.tokenUrl(), "grant_type=client_credentials",
                "Content-Type", "application/x-www-form-urlencoded", "Authorization", Http.basic(jtl.config().clientId(), jtl.config().clientSecret()));
        assertThat(clientCredentials.status()).isEqualTo(401);
        // the refused attempts did not use up the refresh token
        assertThat(token(jtl.config().initialRefreshToken()).status()).isEqualTo(200);
    }

    @Test
    void merchantApiNeedsAValidBearerToken() {
        assertThat(Http.send("GET", jtl.apiUrl() + "/v1/merchant/stocks", null).status()).isEqualTo(401);
        Http.Reply bad = get("/v1/merchant/stocks", "not-a-token");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.header("WWW-Authenticate")).contains("invalid_token");
    }

    @Test
    void stockFeedPagesViaMoreDataAvailableAndNextChunkUrlThenContinuesWithTheNextWindow() {
        String token = accessToken();
        List<JsonNode> changes = new ArrayList<>();
        String url = "/v1/merchant/stocks/updates?fromDate=" + URLEncoder.encode("2020-01-01T00:00:00.000+00:00", StandardCharsets.UTF_8);
        int pages = 0;
        JsonNode page;
        do {
            page = get(url, token).json();
            assertThat(page.get("data").size()).isLessThanOrEqualTo(10);
            page.get("data").forEach(changes::add);
            url = page.get("nextChunkUrl").asText();
            pages++;
        } while (page.get("moreDataAvailable").asBoolean());
        assertThat(changes).hasSize(jtl.stockChangeCount());
        assertThat(pages).isEqualTo((changes.size() + 9) / 10);

        Set<String> keys = new HashSet<>();
        long lastVersion = 0;
        for (JsonNode c : changes) {
            JsonNode id = c.get("stockChangeId");
            assertThat(id.get("warehouseId").asText()).startsWith("FULF04SIM");
            assertThat(id.get("jfsku").asText()).hasSize(11);
            assertThat(id.get("stockVersion").asLong()).isGreaterThan(lastVersion);
            lastVersion = id.get("stockVersion").asLong();
            keys.add(id.get("warehouseId").asText() + "/" + id.get("jfsku").asText() + "/" + lastVersion);
            assertThat(c.get("merchantSku").asText()).startsWith("SIM-");
            assertThat(c.get("stockLevel").isBigDecimal()).isTrue();
            assertThat(c.get("changeType").asText()).isEqualTo("Inbound");
            assertThat(c.get("modificationInfo").get("updatedAt").asText()).isNotBlank();
            assertThat(c.has("stockLevelReserved") && c.has("stockLevelBlocked") && c.has("stockLevelAnnounced")).isTrue();
        }
        assertThat(keys).hasSize(changes.size());

        // the last page's nextChunkUrl opens the next window: it holds exactly the movements made since
        String sku = jtl.randomStockMovement();
        JsonNode next = get(url, token).json();
        assertThat(next.get("data")).hasSize(1);
        assertThat(next.get("data").get(0).get("merchantSku").asText()).isEqualTo(sku);
        assertThat(next.get("data").get(0).get("stockChangeId").get("stockVersion").asLong()).isGreaterThan(lastVersion);
        assertThat(next.get("moreDataAvailable").asBoolean()).isFalse();
    }

    @Test
    void outboundsReserveStockAppearInTheirFeedAndOwnChangesCanBeIgnored() throws InterruptedException {
        String token = accessToken();
        Thread.sleep(200);
        String from = URLEncoder.encode(java.time.OffsetDateTime.now().toString(), StandardCharsets.UTF_8);
        String sku = firstSku(token);
        String body = "{\"merchantOutboundNumber\":\"ORDER-1\",\"items\":[{\"merchantSku\":\"" + sku + "\",\"quantity\":2}],"
                + "\"shippingAddress\":{\"lastname\":\"Muster\",\"city\":\"Berlin\",\"country\":\"DE\"}}";
        Http.Reply created = Http.send("POST", jtl.apiUrl() + "/v1/merchant/outbounds", body, "Authorization", "Bearer " + token,
                "Content-Type", "application/json");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).isEqualTo("Pending");
        assertThat(Http.send("POST", jtl.apiUrl() + "/v1/merchant/outbounds", body, "Authorization", "Bearer " + token,
                "Content-Type", "application/json").status()).isEqualTo(409);

        JsonNode all = get("/v1/merchant/stocks/updates?fromDate=" + from, token).json();
        assertThat(all.get("data")).anySatisfy(c -> assertThat(c.get("changeType").asText()).isEqualTo("Reservation"));
        JsonNode foreign = get("/v1/merchant/stocks/updates?fromDate=" + from + "&ignoreOwnApplicationId=true", token).json();
        assertThat(foreign.get("data")).noneSatisfy(c -> assertThat(c.get("changeType").asText()).isEqualTo("Reservation"));

        jtl.advanceOutbounds();
        jtl.advanceOutbounds();
        JsonNode updates = get("/v1/merchant/outbounds/updates?fromDate=" + from, token).json();
        List<String> statuses = new ArrayList<>();
        updates.get("data").forEach(o -> statuses.add(o.get("status").asText()));
        assertThat(statuses).containsExactly("Pending", "Acknowledged", "Shipped");
        JsonNode stock = jtl.stock(jtl.jfskuOf(sku));
        assertThat(stock.get("stockLevelReserved").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    private String firstSku(String token) {
        return get("/v1/merchant/stocks?$top=1", token).json().get("items").get(0).get("merchantSku").asText();
    }

    @Test
    void productPushesAreRecorded() {
        String token = accessToken();
        Http.Reply created = Http.send("POST", jtl.apiUrl() + "/v1/merchant/products", "{\"merchantSku\":\"NEW-1\",\"name\":\"New\",\"weight\":0.5}",
                "Authorization", "Bearer " + token, "Content-Type", "application/json");
        assertThat(created.status()).isEqualTo(201);
        String jfsku = created.json().get("jfsku").asText();
        Http.Reply patched = Http.send("PATCH", jtl.apiUrl() + "/v1/merchant/products/" + jfsku, "{\"name\":\"Renamed\"}",
                "Authorization", "Bearer " + token, "Content-Type", "application/json");
        assertThat(patched.json().get("name").asText()).isEqualTo("Renamed");
        Http.Reply duplicate = Http.send("POST", jtl.apiUrl() + "/v1/merchant/products", "{\"merchantSku\":\"NEW-1\",\"name\":\"Again\"}",
                "Authorization", "Bearer " + token, "Content-Type", "application/json");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("jfsku").asText()).isEqualTo(jfsku);
        assertThat(jtl.productPushes()).extracting(p -> p.path("name").asText()).containsExactly("New", "Renamed", "Again");
        assertThat(jtl.requests().matching("PATCH", "/api/v1/merchant/products/")).hasSize(1);
        assertThat(Json.parse(jtl.requests().matching("PATCH", "/api/v1/merchant/products/").get(0).body()).get("name").asText()).isEqualTo("Renamed");
    }

    @Test
    void stocksListPagesWithTopAndSkip() {
        String token = accessToken();
        JsonNode page = get("/v1/merchant/stocks?$top=5&$skip=5", token).json();
        assertThat(page.get("items")).hasSize(5);
        assertThat(page.get("_page").get("offset").asInt()).isEqualTo(5);
        assertThat(page.get("_page").get("total").asInt()).isEqualTo(jtl.productCount());
        assertThat(page.get("nextPageLink").asText()).contains("$skip=10");
        assertThat(page.get("items").get(0).get("warehouses").get(0).get("warehouseId").asText()).startsWith("FULF04SIM");
    }
}
