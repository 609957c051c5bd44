package io.synchub.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;
import io.synchub.support.HubClient.Response;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a clear JSON error, changes nothing, and the hub keeps serving. */
class BadInputTest extends HubTestSupport {

    private static final byte[] SAMPLE = HubClient.fixture("shopify/products_update.json");

    @Test
    void aBodyOverTheLimitIs413() {
        byte[] big = new byte[1024 * 1024 + 10];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        Response r = hub.shopifyWebhook("products/update", "big", big, SECRET);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("error").asText()).isEqualTo("payload_too_large");
        assertNothingStoredAndStillServing();
    }

    @Test
    void unknownTopicsAreIgnoredAndMissingHeadersRejected() {
        Response unknown = hub.shopifyWebhook("carts/update", "c1", SAMPLE, SECRET);
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.json().get("status").asText()).isEqualTo("ignored");
        Response noIds = hub.send("/webhooks/shopify", SAMPLE, Map.of("Content-Type", "application/json",
                "X-Shopify-Topic", "products/update",
                "X-Shopify-Hmac-Sha256", io.synchub.webhook.HmacSignature.sign(SECRET, SAMPLE)));
        assertThat(noIds.status()).isEqualTo(400);
        assertThat(noIds.json().get("message").asText()).contains("X-Shopify-Event-Id");
        byte[] array = "[1,2,3]".getBytes(StandardCharsets.UTF_8);
        assertThat(hub.shopifyWebhook("products/update", "arr", array, SECRET).status()).isEqualTo(400);
        byte[] empty = new byte[0];
        assertThat(hub.shopifyWebhook("products/update", "empty", empty, SECRET).status()).isIn(400, 401);
        assertNothingStoredAndStillServing();
    }

    @Test
    void theNewerUnprefixedShopifyHeadersAreAccepted() {
        Response r = hub.send("/webhooks/shopify", SAMPLE, Map.of("Content-Type", "application/json",
                "shopify-topic", "products/update",
                "shopify-hmac-sha256", io.synchub.webhook.HmacSignature.sign(SECRET, SAMPLE),
                "shopify-shop-domain", "synchub-test.myshopify.com",
                "shopify-event-id", "ev-unprefixed"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("accepted");
    }

    @Test
    void apiParametersAreValidated() {
        assertError(hub.get("/api/v1/products/abc"), 400, "bad_request");
        assertError(hub.get("/api/v1/products/99999999999999999999999"), 400, "bad_request");
        assertError(hub.get("/api/v1/products/424242"), 404, "not_found");
        assertError(hub.get("/api/v1/products?limit=100000"), 400, "bad_request");
        assertError(hub.get("/api/v1/products?limit=abc"), 400, "bad_request");
        assertError(hub.get("/api/v1/products?offset=-1"), 400, "bad_request");
        assertError(hub.get("/api/v1/conflicts?status=WHATEVER"), 400, "bad_request");
        assertError(hub.getWithoutKey("/api/v1/products"), 401, "unauthorized");
        assertError(hub.get("/api/v1/nothing-here"), 404, "not_found");
        assertError(hub.post("/api/v1/conflicts/77/resolve", "{\"resolution\":\"accept_local\"}"), 404, "not_found");
    }

    @Test
    void sqlMetacharactersAndUnicodeAreData() {
        storeSample();
        String evil = URLEncoder.encode("'; DROP TABLE products; --", StandardCharsets.UTF_8);
        Response r = hub.get("/api/v1/products?q=" + evil + "&sku=" + evil + "&category=" + evil);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("total").asInt()).isZero();
        assertThat(hub.get("/api/v1/products?q=%25").json().get("total").asInt()).as("%% is no wildcard").isZero();
        assertThat(hub.get("/api/v1/products?q=t-shirt").json().get("total").asInt()).isEqualTo(2);

        long id = hub.get("/api/v1/products?q=small").json().get("items").get(0).get("id").asLong();
        String name = "Größe S – 製品 😀 '\"; --";
        Response patched = hub.patch("/api/v1/products/" + id, "{\"name\":" + io.synchub.canonical.CanonicalJson.write(name) + "}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(hub.get("/api/v1/products/" + id).json().get("name").asText()).isEqualTo(name);
    }

    @Test
    void patchRejectsWhatItCannotApply() {
        storeSample();
        long id = hub.get("/api/v1/products?q=small").json().get("items").get(0).get("id").asLong();
        long version = hub.get("/api/v1/products/" + id).json().get("version").asLong();
        assertError(hub.patch("/api/v1/products/" + id, "{\"name\":"), 400, "malformed_json");
        assertError(hub.patch("/api/v1/products/" + id, "[]"), 400, "malformed_json");
        assertError(hub.patch("/api/v1/products/" + id, "{\"favouriteColour\":\"red\"}"), 422, "invalid");
        assertError(hub.patch("/api/v1/products/" + id, "{}"), 422, "invalid");
        assertError(hub.patch("/api/v1/products/9999", "{\"name\":\"x\"}"), 404, "not_found");
        assertThat(hub.get("/api/v1/products/" + id).json().get("version").asLong()).isEqualTo(version);
    }

    @Test
    void aDuplicateSkuIsAConflictNotACrash() {
        storeSample();
        JsonNode items = hub.get("/api/v1/products?q=t-shirt").json().get("items");
        long a = items.get(0).get("id").asLong();
        long b = items.get(1).get("id").asLong();
        assertThat(hub.patch("/api/v1/products/" + a, "{\"sku\":\"TS-1\"}").status()).isEqualTo(200);
        assertError(hub.patch("/api/v1/products/" + b, "{\"sku\":\"TS-1\"}"), 409, "conflict");
        assertThat(hub.get("/api/v1/products?sku=TS-1").json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void aDeliveryThatCannotBeProcessedFailsAloneAndIsRetriedLater() {
        String poison = new String(SAMPLE, StandardCharsets.UTF_8)
                .replaceFirst("\"updated_at\": \"2021-12-31T19:00:00-05:00\"", "\"updated_at\": \"last tuesday\"");
        assertThat(hub.shopifyWebhook("products/update", "evt-poison", poison.getBytes(StandardCharsets.UTF_8), SECRET).status())
                .as("the signature and JSON are fine: accepted").isEqualTo(200);
        byte[] woo = HubClient.fixture("woocommerce/product.updated.json");
        hub.wooWebhook("product.updated", "d-good", woo, SECRET);
        HubClient.await(Duration.ofSeconds(10), "the good delivery applied",
                () -> hub.get("/api/v1/products?q=premium").json().get("total").asInt() == 1);
        HubClient.await(Duration.ofSeconds(10), "the poison delivery recorded as failed once",
                () -> jdbc.queryForObject("SELECT attempts FROM inbox WHERE delivery_key LIKE '%evt-poison'", Integer.class) >= 1);
        String error = jdbc.queryForObject("SELECT last_error FROM inbox WHERE delivery_key LIKE '%evt-poison'", String.class);
        assertThat(error).contains("last tuesday");
        assertThat(hub.get("/api/v1/products?q=t-shirt").json().get("total").asInt()).isZero();
    }

    private void storeSample() {
        hub.shopifyWebhook("products/update", "evt-sample", SAMPLE, SECRET);
        HubClient.await(Duration.ofSeconds(10), "sample stored", () -> hub.get("/api/v1/products").json().get("total").asInt() == 2);
    }

    private void assertNothingStoredAndStillServing() {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox", Long.class)).isZero();
        assertThat(hub.get("/api/v1/sync/status").status()).isEqualTo(200);
    }

    private static void assertError(Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode json = r.json();
        assertThat(json.get("error").asText()).isEqualTo(code);
        assertThat(json.get("message").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
