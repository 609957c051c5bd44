package io.synchub.pos;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient.Response;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad requests get a clear 400 (and change nothing); cursors the hub can no longer answer completely get 410. */
class PosSyncErrorsTest extends HubTestSupport {

    @Autowired
    TombstoneRetention retention;

    @Test
    void aBadEntityTypeAStoreTypeWithoutStoreAndAMalformedCursorAreClear400s() {
        assertError(hub.get("/api/v1/sync/incremental?entity_type=customers&since=0"), 400, "unknown_entity_type", "categories");
        assertError(hub.get("/api/v1/sync/incremental?since=0"), 400, "bad_request", "entity_type is required");
        assertError(hub.get("/api/v1/sync/incremental?entity_type=inventory-config&since=0"), 400, "store_id_required", "store_id");
        assertError(hub.get("/api/v1/sync/document-prefixes?since=0"), 400, "store_id_required", "store_id");
        for (String cursor : new String[]{"abc", "-5", "12abc", "1.5", "%27%3B%20DROP%20TABLE%20pos_entities%3B--", "9999999999999999999"}) {
            assertError(hub.get("/api/v1/sync/incremental?entity_type=categories&since=" + cursor), 400, "malformed_cursor", "next_cursor");
        }
        assertError(hub.get("/api/v1/sync/check?since=yesterday"), 400, "malformed_cursor", "ISO-8601");
        assertError(hub.get("/api/v1/sync/incremental?entity_type=categories&limit=0"), 400, "bad_request", "5000");
        assertError(hub.get("/api/v1/sync/incremental?entity_type=categories&limit=5001"), 400, "bad_request", "5000");
        assertError(hub.get("/api/v1/sync/incremental?entity_type=categories&limit=ten"), 400, "bad_request", "whole number");
        assertError(hub.get("/api/v1/sync/incremental?entity_type=inventory-config&store_id=a%27b"), 400, "bad_request", "store_id");
        // a global type with a store_id is fine
        assertThat(hub.get("/api/v1/sync/incremental?entity_type=categories&store_id=store-a&since=0").status()).isEqualTo(200);
        assertThat(hub.getWithoutKey("/api/v1/sync/incremental?entity_type=categories").status()).isEqualTo(401);
    }

    @Test
    void badWritesAreRefusedAndChangeNothing() {
        assertError(hub.put("/api/v1/entities/customers/1", "{}"), 400, "unknown_entity_type", "one of");
        assertError(hub.put("/api/v1/entities/inventory-config/1", "{}"), 400, "store_id_required", "store_id");
        assertError(hub.put("/api/v1/entities/products/1", "{\"name\":\"x\"}"), 405, "method_not_allowed", "/api/v1/products");
        assertError(hub.put("/api/v1/entities/categories/1", "[1,2]"), 400, "malformed_json", "JSON object");
        assertError(hub.put("/api/v1/entities/categories/1", "{\"name\":"), 400, "malformed_json", "not valid JSON");
        assertError(hub.put("/api/v1/entities/categories/1", ""), 400, "bad_request", "empty");
        assertError(hub.put("/api/v1/entities/categories/1", "{\"id\":2}"), 422, "invalid", "differs");
        assertError(hub.put("/api/v1/entities/categories/a%20b", "{}"), 400, "bad_request", "entity id");
        assertError(hub.put("/api/v1/entities/categories/1", "{\"big\":\"" + "x".repeat(300_000) + "\"}"), 413, "payload_too_large", "bytes");
        assertError(hub.delete("/api/v1/entities/categories/404"), 404, "not_found", "categories 404");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM pos_entities", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM change_log", Long.class)).isZero();

        // 18-digit ids stay exact
        Response big = hub.put("/api/v1/entities/categories/788032119674292922", "{\"name\":\"big\"}");
        assertThat(big.status()).isEqualTo(201);
        assertThat(big.body()).contains("\"id\":788032119674292922");
    }

    @Test
    void aCursorOlderThanTheTombstoneRetentionIs410AndAFullPullStartsOver() {
        String before = cursorAfter(hub.put("/api/v1/entities/categories/1", "{\"name\":\"one\"}"));
        assertThat(hub.put("/api/v1/entities/categories/2", "{\"name\":\"two\"}").status()).isEqualTo(201);
        assertThat(hub.delete("/api/v1/entities/categories/2").status()).isEqualTo(204);
        JsonNode withTombstone = hub.get("/api/v1/sync/incremental?entity_type=categories&since=" + before).json();
        assertThat(withTombstone.get("deleted")).extracting(JsonNode::asInt).containsExactly(2);

        // the retention has passed for everything so far: the tombstone goes, older cursors become stale
        assertThat(retention.purgeAsOf(Instant.now().plus(Duration.ofDays(400)))).isEqualTo(1);
        assertError(hub.get("/api/v1/sync/incremental?entity_type=categories&since=" + before), 410, "full_resync_required", "since=0");
        assertError(hub.get("/api/v1/sync/categories?since=" + before), 410, "full_resync_required", "retention");
        assertError(hub.get("/api/v1/sync/incremental?entity_type=categories&since=2020-01-01T00:00:00Z"), 410,
                "full_resync_required", "retention");
        JsonNode full = hub.get("/api/v1/sync/incremental?entity_type=categories&since=0").json();
        assertThat(full.get("items")).extracting(j -> j.get("id").asInt()).containsExactly(1);
        assertThat(full.get("deleted")).isEmpty();
        assertThat(hub.get("/api/v1/sync/incremental?entity_type=categories&since=" + full.get("next_cursor").asText()).status())
                .isEqualTo(200);
    }

    @Test
    void aCursorThisHubNeverHandedOutIs410() {
        assertError(hub.get("/api/v1/sync/incremental?entity_type=categories&since=999999999999"), 410,
                "full_resync_required", "ahead");
    }

    private String cursorAfter(Response write) {
        assertThat(write.status()).isIn(200, 201);
        return hub.get("/api/v1/sync/incremental?entity_type=categories&since=0").json().get("next_cursor").asText();
    }

    private static void assertError(Response r, int status, String code, String messagePart) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).contains(messagePart);
    }
}
