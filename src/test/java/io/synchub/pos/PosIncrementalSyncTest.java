package io.synchub.pos;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The pull API as a register uses it, over real HTTP: cursors, paging, deletes, concurrent writers. */
class PosIncrementalSyncTest extends HubTestSupport {

    @Test
    void aClientPullingFromItsCursorAfterAThousandMixedWritesEndsWithExactlyTheServersData() {
        Map<String, String> categories = new HashMap<>();   // the test's own model of what the server should hold
        Map<String, String> prefixesA = new HashMap<>();
        Map<String, String> prefixesB = new HashMap<>();
        for (int i = 1; i <= 40; i++) {
            put("categories", String.valueOf(i), null, "{\"name\":\"cat " + i + "\"}", categories);
            put("document-prefixes", "p" + i, "store-a", "{\"prefix\":\"A" + i + "\"}", prefixesA);
            put("document-prefixes", "p" + i, "store-b", "{\"prefix\":\"B" + i + "\"}", prefixesB);
        }
        PosReplica cats = new PosReplica("categories", null);
        PosReplica docsA = new PosReplica("document-prefixes", "store-a");
        cats.pull(hub, 500);
        docsA.pull(hub, 7);
        assertThat(docsA.lastPullPages).as("40 rows at limit 7 come in pages").isGreaterThan(5);
        assertReplica(cats, categories);
        assertReplica(docsA, prefixesA);

        Random random = new Random(42);
        int deletes = 0;
        for (int op = 0; op < 1000; op++) {
            boolean store = random.nextInt(3) == 0;
            Map<String, String> model = store ? (random.nextBoolean() ? prefixesA : prefixesB) : categories;
            String type = store ? "document-prefixes" : "categories";
            String storeId = model == prefixesA ? "store-a" : model == prefixesB ? "store-b" : null;
            String id = store ? "p" + (1 + random.nextInt(80)) : String.valueOf(1 + random.nextInt(80));
            if (model.containsKey(id) && random.nextInt(3) == 0) {
                HubClient.Response r = hub.delete("/api/v1/entities/" + type + "/" + id + (storeId == null ? "" : "?store_id=" + storeId));
                assertThat(r.status()).as(r.body()).isEqualTo(204);
                model.remove(id);
                deletes++;
            } else {
                put(type, id, storeId, "{\"name\":\"v" + op + " ü ' \\\" ; --\",\"n\":" + op + "}", model);
            }
        }
        assertThat(deletes).isGreaterThan(100);

        int received = cats.pull(hub, 30);
        assertThat(new HashSet<>(cats.lastPullIds)).as("nothing twice").hasSize(received);
        assertThat(cats.lastPullPages).isGreaterThan(1);
        assertReplica(cats, categories);
        assertThat(cats.rows).isEqualTo(serverRows("categories", null));

        received = docsA.pull(hub, 13);
        assertThat(new HashSet<>(docsA.lastPullIds)).as("nothing twice").hasSize(received);
        assertReplica(docsA, prefixesA);
        assertThat(docsA.rows).isEqualTo(serverRows("document-prefixes", "store-a"));
        assertThat(docsA.rows.values()).allMatch(j -> j.get("prefix") == null || j.get("prefix").asText().startsWith("A"));

        // nothing changed since: an empty page, the cursor stays usable
        HubClient.Response empty = hub.get("/api/v1/sync/incremental?entity_type=categories&since=" + cats.cursor);
        assertThat(empty.json().get("items")).isEmpty();
        assertThat(empty.json().get("deleted")).isEmpty();
        assertThat(empty.json().get("has_more").asBoolean()).isFalse();
    }

    @Test
    void writesCommittedWhileAClientPullsArePickedUpByItsNextPull() throws Exception {
        Map<String, String> model = new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < 100; i++) {
            put("materials", "m" + i, null, "{\"v\":0}", model);
        }
        PosReplica replica = new PosReplica("materials", null);
        replica.pull(hub, 500);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                Random random = new Random(7);
                for (int op = 1; op <= 600; op++) {
                    String id = "m" + random.nextInt(150);
                    if (model.containsKey(id) && random.nextInt(4) == 0) {
                        assertThat(hub.delete("/api/v1/entities/materials/" + id).status()).isEqualTo(204);
                        model.remove(id);
                    } else {
                        put("materials", id, null, "{\"v\":" + op + "}", model);
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                writing.set(false);
            }
        });
        writer.start();
        int pullsDuringWrites = 0;
        while (writing.get()) {
            replica.pull(hub, 25);   // small pages: many page boundaries race with the writer
            pullsDuringWrites++;
        }
        writer.join();
        assertThat(failure.get()).isNull();
        assertThat(pullsDuringWrites).isGreaterThan(1);
        replica.pull(hub, 25);
        assertReplica(replica, model);
        assertThat(replica.rows).isEqualTo(serverRows("materials", null));
    }

    @Test
    void productsComeFromTheCentralStoreIncludingWebhookChangesAndDeletes() throws Exception {
        PosReplica products = new PosReplica("products", null);
        products.pull(hub, 500);
        assertThat(products.rows).isEmpty();
        assertThat(hub.shopifyWebhook("products/update", "evt-pos-1", HubClient.fixture("shopify/products_update.json"), SECRET)
                .status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(10), "two products stored", () -> count("products") == 2);
        products.pull(hub, 500);
        assertThat(products.rows).hasSize(2);
        JsonNode small = products.rows.values().stream().filter(p -> p.get("name").asText().endsWith("Small")).findFirst().orElseThrow();
        assertThat(small.get("id").isNumber()).isTrue();
        assertThat(small.get("netSalesPrice").decimalValue()).isEqualByComparingTo("19.99");
        assertThat(small.has("fieldMeta")).isFalse();

        long id = small.get("id").asLong();
        assertThat(hub.patch("/api/v1/products/" + id, "{\"warehouseNotes\":\"back shelf\"}").status()).isEqualTo(200);
        // a product removed from the central store (flagged deleted, its change logged in the same transaction)
        long other = products.rows.values().stream().mapToLong(p -> p.get("id").asLong()).filter(x -> x != id).findFirst().orElseThrow();
        new org.springframework.transaction.support.TransactionTemplate(transactions).executeWithoutResult(s -> {
            jdbc.update("UPDATE products SET deleted = TRUE WHERE id = ?", other);
            changeLog.append("products", String.valueOf(other), null, "delete", "NOLIMITS");
        });
        int received = products.pull(hub, 500);
        assertThat(received).isEqualTo(2);
        assertThat(products.rows).containsOnlyKeys(String.valueOf(id));
        assertThat(products.rows.get(String.valueOf(id)).get("warehouseNotes").asText()).isEqualTo("back shelf");
    }

    @Test
    void theAliasesAndCheckAnswerPerType() {
        put("settings", "receipt_footer", null, "{\"value\":\"Danke\"}", new HashMap<>());
        put("inventory-config", "1", "store-a", "{\"negativeStock\":false}", new HashMap<>());
        JsonNode settings = hub.get("/api/v1/sync/settings?since=0").json();
        assertThat(settings.get("entity_type").asText()).isEqualTo("settings");
        assertThat(settings.get("items").get(0).get("id").asText()).isEqualTo("receipt_footer");
        JsonNode inv = hub.get("/api/v1/sync/inventory-config?since=0&store_id=store-a").json();
        assertThat(inv.get("items").get(0).get("id").asInt()).as("numeric ids travel as numbers").isEqualTo(1);
        assertThat(inv.get("items").get(0).get("id").isNumber()).isTrue();
        assertThat(hub.get("/api/v1/sync/inventory-config?since=0&store_id=store-b").json().get("items")).isEmpty();

        JsonNode check = hub.get("/api/v1/sync/check?since=0&store_id=store-a").json();
        assertThat(check.get("changed")).extracting(JsonNode::asText).containsExactly("settings", "inventory-config");
        assertThat(check.get("has_changes").asBoolean()).isTrue();
        JsonNode none = hub.get("/api/v1/sync/check?since=" + check.get("next_cursor").asText()).json();
        assertThat(none.get("changed")).isEmpty();
        assertThat(none.get("has_changes").asBoolean()).isFalse();
        JsonNode withoutStore = hub.get("/api/v1/sync/check?since=0").json();
        assertThat(withoutStore.get("changed")).extracting(JsonNode::asText).containsExactly("settings");
    }

    @Test
    void anIsoTimestampStillWorksForOldClients() throws Exception {
        put("recipes", "old", null, "{\"name\":\"before\"}", new HashMap<>());
        Thread.sleep(IncrementalSync.TIMESTAMP_MARGIN.toMillis() + 500);
        Instant since = Instant.now();
        put("recipes", "new", null, "{\"name\":\"after\"}", new HashMap<>());
        JsonNode page = hub.get("/api/v1/sync/incremental?entity_type=recipes&since=" + since).json();
        assertThat(page.get("items").findValuesAsText("id")).containsExactly("new");
        PosReplica replica = new PosReplica("recipes", null);
        replica.cursor = page.get("next_cursor").asText();
        assertThat(replica.pull(hub, 500)).isZero();
    }

    @Test
    void theSameDataAgainIsNoChangeAndAnUnchangedPutKeepsTheCursorQuiet() {
        HubClient.Response created = hub.put("/api/v1/entities/recipe-materials/9", "{\"qty\":1.50}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("id").asInt()).isEqualTo(9);
        String cursor = hub.get("/api/v1/sync/incremental?entity_type=recipe-materials&since=0").json().get("next_cursor").asText();
        assertThat(hub.put("/api/v1/entities/recipe-materials/9", "{\"qty\":1.50}").status()).isEqualTo(200);
        assertThat(hub.get("/api/v1/sync/incremental?entity_type=recipe-materials&since=" + cursor).json().get("items")).isEmpty();
        assertThat(hub.get("/api/v1/entities/recipe-materials/9").json().get("qty").decimalValue()).isEqualByComparingTo("1.50");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;
    @org.springframework.beans.factory.annotation.Autowired
    io.synchub.changelog.ChangeLog changeLog;

    private void put(String type, String id, String storeId, String json, Map<String, String> model) {
        HubClient.Response r = hub.put("/api/v1/entities/" + type + "/" + id + (storeId == null ? "" : "?store_id=" + storeId), json);
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        model.put(id, json);
    }

    private static void assertReplica(PosReplica replica, Map<String, String> model) {
        assertThat(replica.rows.keySet()).isEqualTo(model.keySet());
        model.forEach((id, json) -> {
            JsonNode expected = CanonicalJson.parse(json);
            JsonNode actual = replica.rows.get(id);
            expected.fields().forEachRemaining(e -> assertThat(CanonicalJson.sameValue(actual.get(e.getKey()), e.getValue()))
                    .as(id + "." + e.getKey()).isTrue());
        });
    }

    /** The server's data, read straight from its table. */
    private Map<String, JsonNode> serverRows(String type, String storeId) {
        Map<String, JsonNode> rows = new HashMap<>();
        List<Map<String, Object>> list = new ArrayList<>(jdbc.queryForList("SELECT entity_id, data FROM pos_entities "
                + "WHERE entity_type = ? AND store_id = ? AND deleted = FALSE", type, storeId == null ? "" : storeId));
        list.forEach(r -> rows.put(String.valueOf(r.get("entity_id")), CanonicalJson.parse(String.valueOf(r.get("data")))));
        return rows;
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE deleted = FALSE", Long.class);
    }
}
