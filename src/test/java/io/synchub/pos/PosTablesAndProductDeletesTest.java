package io.synchub.pos;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The store-scoped `tables` type, and product deletes reaching POS registers as tombstones (a register's real pulls). */
class PosTablesAndProductDeletesTest extends HubTestSupport {

    private static final byte[] SAMPLE = HubClient.fixture("shopify/products_update.json");
    private static final String SHOP_PRODUCT = "788032119674292922";

    @Test
    void aRegisterPullingTablesForItsStoreGetsThem() {
        assertThat(hub.put("/api/v1/entities/tables/T1?store_id=store-a", "{\"name\":\"Table 1\",\"seats\":4}").status()).isIn(200, 201);
        assertThat(hub.put("/api/v1/entities/tables/T2?store_id=store-a", "{\"name\":\"Terrace 2\",\"seats\":2}").status()).isIn(200, 201);
        assertThat(hub.put("/api/v1/entities/tables/T1?store_id=store-b", "{\"name\":\"B Table 1\",\"seats\":6}").status()).isIn(200, 201);

        PosReplica register = new PosReplica("tables", "store-a");
        register.pull(hub, 100);
        assertThat(register.rows.keySet()).containsExactlyInAnyOrder("T1", "T2");
        assertThat(register.rows.get("T1").get("seats").asInt()).isEqualTo(4);

        JsonNode perType = hub.get("/api/v1/sync/tables?since=0&store_id=store-b").json();
        assertThat(perType.get("entity_type").asText()).isEqualTo("tables");
        assertThat(perType.get("items").findValuesAsText("name")).containsExactly("B Table 1");
        assertThat(hub.get("/api/v1/sync/tables?since=0").status()).as("tables are kept per store").isEqualTo(400);

        assertThat(hub.delete("/api/v1/entities/tables/T2?store_id=store-a").status()).isIn(200, 204);
        register.pull(hub, 100);
        assertThat(register.rows.keySet()).containsExactly("T1");
        assertThat(hub.get("/api/v1/sync/check?since=0&store_id=store-a").json().get("changed").toString()).contains("tables");
        assertThat(hub.get("/api/v1/sync/stores?since=0").status()).as("stores stays, as an extra").isEqualTo(200);
    }

    @Test
    void aShopsProductDeleteReachesTheRegistersNextPullAsATombstoneAndTheProductStaysInactive() {
        assertThat(hub.shopifyWebhook("products/update", "evt-1", SAMPLE, SECRET).status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(10), "two variants stored", () -> hub.get("/api/v1/products?q=t-shirt").json().get("total").asLong() == 2);
        List<Long> ids = jdbc.queryForList("SELECT id FROM products ORDER BY id", Long.class);
        long small = ids.get(0);
        long medium = ids.get(1);
        // the medium variant is also sold in WooCommerce: a live link that the Shopify delete leaves in place
        jdbc.update("INSERT INTO product_links (product_id, platform, client_id, external_product_id, external_variant_id, created_at) "
                + "VALUES (?, 'WOOCOMMERCE', 'default', '501', '501', CURRENT_TIMESTAMP)", medium);

        PosReplica register = new PosReplica("products", null);
        register.pull(hub, 100);
        assertThat(register.rows.keySet()).containsExactlyInAnyOrder(Long.toString(small), Long.toString(medium));

        String delete = "{\"id\":" + SHOP_PRODUCT + "}";
        assertThat(hub.shopifyWebhook("products/delete", "evt-del", delete.getBytes(StandardCharsets.UTF_8), SECRET).status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(10), "the delete applied",
                () -> !jdbc.queryForList("SELECT product_id FROM product_retirements", Long.class).isEmpty());

        register.pull(hub, 100);
        assertThat(register.lastPullIds).contains(Long.toString(small));
        assertThat(register.rows.keySet()).as("the register dropped the deleted product").containsExactly(Long.toString(medium));
        JsonNode kept = hub.get("/api/v1/products/" + small).json();
        assertThat(kept.get("isActive").asBoolean()).as("inactive in the store, not gone").isFalse();
        assertThat(kept.get("links")).isEmpty();
        assertThat(hub.get("/api/v1/products/" + medium).json().get("isActive").asBoolean()).as("still linked elsewhere").isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE operation LIKE '%delete%'", Long.class))
                .as("no delete is pushed to any platform").isZero();

        // the hub's own delete: same result, and deleting again changes nothing
        assertThat(hub.delete("/api/v1/products/" + medium).status()).isEqualTo(204);
        register.pull(hub, 100);
        assertThat(register.rows).isEmpty();
        assertThat(hub.get("/api/v1/products/" + medium).json().get("isActive").asBoolean()).isFalse();
        long changes = jdbc.queryForObject("SELECT COUNT(*) FROM change_log", Long.class);
        assertThat(hub.delete("/api/v1/products/" + medium).status()).isEqualTo(204);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM change_log", Long.class)).isEqualTo(changes);
        assertThat(hub.delete("/api/v1/products/999999").status()).isEqualTo(404);
        assertThat(hub.delete("/api/v1/products/abc").status()).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE operation LIKE '%delete%'", Long.class)).isZero();
    }
}
