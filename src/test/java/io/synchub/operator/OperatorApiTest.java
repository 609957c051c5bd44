package io.synchub.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API the operator console uses: the operator login on /api/, failed inbox deliveries and their retry, a dead
 * letter with its payload, and the mapping preview, which decides like the real merge and stores nothing.
 */
@org.springframework.test.context.TestPropertySource(properties = "synchub.operator.password=" + HubTestSupport.OPERATOR_PASSWORD)
class OperatorApiTest extends HubTestSupport {

    private static final List<String> TABLES = List.of("products", "product_links", "sync_log", "conflicts", "outbox", "change_log");

    private long rows() {
        return TABLES.stream().mapToLong(t -> jdbc.queryForObject("SELECT COUNT(*) FROM " + t, Long.class)).sum();
    }

    private int statusWithBasic(String user, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/sync/status"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void theApiAcceptsTheOperatorLoginAsWellAsApiKeys() throws Exception {
        assertThat(statusWithBasic("operator", OPERATOR_PASSWORD)).isEqualTo(200);
        assertThat(statusWithBasic("operator", API_KEY)).as("an API key is no operator password").isEqualTo(401);
        assertThat(statusWithBasic("operator", "wrong")).isEqualTo(401);
        assertThat(statusWithBasic("someone", OPERATOR_PASSWORD)).isEqualTo(401);
        assertThat(hub.getWithoutKey("/api/v1/sync/status").status()).isEqualTo(401);
        assertThat(hub.get("/api/v1/sync/status").status()).isEqualTo(200);
    }

    @Test
    void theScheduledPullsShowTheirLastRunAndLag() {
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES ('jtl-stock-updates', ?, CURRENT_TIMESTAMP)",
                java.time.Instant.now().minusSeconds(300).toString());
        JsonNode pollers = hub.get("/api/v1/sync/pollers").json().get("items");
        assertThat(pollers).hasSize(1);
        assertThat(pollers.get(0).get("poller").asText()).isEqualTo("jtl-stock-updates");
        assertThat(pollers.get(0).get("lagSeconds").asLong()).isBetween(299L, 400L);
        assertThat(pollers.get(0).get("lastSuccessAt").asText()).isNotBlank();
    }

    @Test
    void aFailedDeliveryIsListedShownAndRetriedOnce() {
        jdbc.update("INSERT INTO inbox (platform, client_id, topic, delivery_key, headers, body, status, attempts, next_attempt_at, "
                + "last_error, received_at) VALUES ('SHOPIFY', 'default', 'products/update', 'op-failed-1', '{}', '{\"id\":1}', 'FAILED', 10, "
                + "CURRENT_TIMESTAMP, 'IllegalStateException: boom', CURRENT_TIMESTAMP)");
        long id = jdbc.queryForObject("SELECT id FROM inbox WHERE delivery_key = 'op-failed-1'", Long.class);

        JsonNode list = hub.get("/api/v1/inbox?status=failed").json();
        assertThat(list.get("total").asLong()).isEqualTo(1);
        assertThat(list.get("items").get(0).get("lastError").asText()).contains("boom");
        assertThat(list.get("items").get(0).has("body")).isFalse();
        JsonNode one = hub.get("/api/v1/inbox/" + id).json();
        assertThat(one.get("body").get("id").asInt()).isEqualTo(1);

        HubClient.Response retried = hub.post("/api/v1/inbox/" + id + "/retry", "");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT attempts FROM inbox WHERE id = ?", Integer.class, id)).isLessThan(10);
        HubClient.await(Duration.ofSeconds(10), "the retried delivery to be processed", () ->
                !"PENDING".equals(jdbc.queryForObject("SELECT status FROM inbox WHERE id = ?", String.class, id)));
        assertThat(hub.post("/api/v1/inbox/" + id + "/retry", "").status()).as("only FAILED is retried").isIn(409, 200);
        assertThat(hub.post("/api/v1/inbox/99999/retry", "").status()).isEqualTo(404);
        assertThat(hub.get("/api/v1/inbox?status=weird").status()).isEqualTo(400);
        assertThat(hub.get("/api/v1/inbox/abc").json().get("error").asText()).isEqualTo("bad_request");
    }

    @Test
    void aDeadLetterShowsThePayloadAReplayPushesAndItsJobStatus() {
        jdbc.update("INSERT INTO products (client_id, sku, name, fields, field_meta, source_clocks, version, sync_status, last_updated_by, "
                + "last_updated_at, created_at) VALUES ('default', 'DL-1', 'Mug', '{\"sku\":\"DL-1\",\"name\":\"Mug\",\"netSalesPrice\":5}', "
                + "'{}', '{}', 1, 'ERROR', 'NOLIMITS', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        long product = jdbc.queryForObject("SELECT id FROM products WHERE sku = 'DL-1'", Long.class);
        jdbc.update("INSERT INTO outbox (entity_type, entity_id, client_id, target, operation, status, attempts, next_attempt_at, last_error, "
                + "error_class, idempotency_key, created_at, updated_at, trigger_origin, trigger_ref) VALUES ('product', ?, 'default', "
                + "'WOOCOMMERCE', 'update', 'failed', 4, CURRENT_TIMESTAMP, 'HTTP 503', 'server', 'k-1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, "
                + "'SHOPIFY', 77)", String.valueOf(product));
        long job = jdbc.queryForObject("SELECT MAX(id) FROM outbox", Long.class);
        jdbc.update("INSERT INTO dead_letters (outbox_id, entity_type, entity_id, client_id, target, operation, error_class, reason, attempts, "
                + "status, created_at) VALUES (?, 'product', ?, 'default', 'WOOCOMMERCE', 'update', 'server', 'HTTP 503 from WooCommerce', 4, "
                + "'OPEN', CURRENT_TIMESTAMP)", job, String.valueOf(product));
        long dl = jdbc.queryForObject("SELECT MAX(id) FROM dead_letters", Long.class);

        JsonNode detail = hub.get("/api/v1/dead-letters/" + dl).json();
        assertThat(detail.get("reason").asText()).contains("503");
        assertThat(detail.get("jobStatus").asText()).isEqualTo("failed");
        assertThat(detail.get("payload").get("netSalesPrice").asInt()).isEqualTo(5);
        assertThat(detail.get("triggerOrigin").asText()).isEqualTo("SHOPIFY");
        assertThat(detail.get("triggerInboxId").asLong()).isEqualTo(77);
        assertThat(hub.get("/api/v1/dead-letters/424242").status()).isEqualTo(404);
    }

    @Test
    void thePreviewMapsAndDecidesLikeTheMergeButStoresNothing() {
        byte[] body = HubClient.fixture("shopify/products_update.json");
        long before = rows();
        HubClient.Response fresh = hub.post("/api/v1/mappings/shopify/product-in/preview", new String(body, StandardCharsets.UTF_8));
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
        JsonNode preview = fresh.json();
        assertThat(preview.get("mapped")).hasSize(2);
        assertThat(preview.get("decisions")).hasSize(2);
        assertThat(preview.get("decisions").get(0).get("decision").asText()).isEqualTo("create");
        assertThat(preview.get("decisions").get(0).get("applied").get("netSalesPrice").asDouble()).isEqualTo(19.99);
        assertThat(preview.get("stored").asBoolean()).isFalse();
        assertThat(rows()).as("nothing stored by the preview").isEqualTo(before);

        // the same delivery for real, then previewed again from the inbox: the products exist now, the price is the same
        assertThat(hub.shopifyWebhook("products/update", "op-preview-1", body, SECRET).status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(10), "the delivery to be applied", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM products", Long.class) == 2);
        long inboxId = jdbc.queryForObject("SELECT id FROM inbox WHERE delivery_key LIKE '%op-preview-1%'", Long.class);
        long stored = rows();
        JsonNode again = hub.post("/api/v1/mappings/shopify/product-in/preview?inboxId=" + inboxId, "").json();
        assertThat(again.get("inboxId").asLong()).isEqualTo(inboxId);
        for (JsonNode d : again.get("decisions")) {
            assertThat(d.get("decision").asText()).isIn("no_change", "update");
            assertThat(d.get("productId").isNumber()).isTrue();
            assertThat(d.get("applied").has("netSalesPrice")).as("an unchanged price is not applied again").isFalse();
        }
        assertThat(rows()).as("nothing stored by the preview").isEqualTo(stored);

        assertThat(hub.post("/api/v1/mappings/shopify/nothing-in/preview", "{}").status()).isEqualTo(404);
        assertThat(hub.post("/api/v1/mappings/shopify/product-out/preview", "{}").status()).isEqualTo(422);
        assertThat(hub.post("/api/v1/mappings/..%2F..%2Fetc/product-in/preview", "{}").status()).isIn(400, 404);
        HubClient.Response malformed = hub.post("/api/v1/mappings/shopify/product-in/preview", "{not json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").asText()).isEqualTo("malformed_json");
        assertThat(hub.post("/api/v1/mappings/shopify/product-in/preview", "").status()).isEqualTo(400);
        assertThat(hub.post("/api/v1/mappings/shopify/product-in/preview?inboxId=999999", "").status()).isEqualTo(404);
    }
}
