package io.synchub.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Full, incremental and real-time pulls of the seed catalogue, with auto choosing each and saying why. */
class PloomesSyncTest extends PloomesTestSupport {

    @Test
    void autoPullsEverythingFirstThenOnlyChangesThenSingleIds() throws Exception {
        long t0 = System.nanoTime();
        JsonNode full = sync("{\"strategy\":\"auto\"}");
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("ploomes full run unthrottled: %d products, %d requests in %.1f s%n",
                full.get("fetched").asLong(), full.get("requests").asLong(), seconds);
        assertThat(full.get("strategy").asText()).isEqualTo("full");
        assertThat(full.get("reason").asText()).contains("no earlier successful run");
        assertThat(full.get("status").asText()).as(full.toString()).isEqualTo("succeeded");
        assertThat(full.get("fetched").asInt()).isEqualTo(11_793);
        assertThat(full.get("created").asInt()).isEqualTo(11_793);
        assertThat(full.get("failed").asInt()).isZero();
        assertThat(storedProducts()).isEqualTo(11_793);
        assertThat(storedCategoryCounts()).isEqualTo(PLOOMES.categoryCounts());

        long service = PLOOMES.ids().get(0);
        JsonNode stored = CanonicalJson.parse(jdbc.queryForObject("SELECT p.fields FROM products p JOIN product_links l ON l.product_id = p.id "
                + "WHERE l.platform = 'PLOOMES' AND l.external_product_id = ?", String.class, String.valueOf(service)));
        assertThat(stored.get("productType").asText()).isEqualTo("service");
        assertThat(stored.get("currency").asText()).isEqualTo("BRL");
        assertThat(stored.get("netSalesPrice").decimalValue()).isEqualByComparingTo(PLOOMES.product(service).orElseThrow().get("UnitPrice").decimalValue());

        // within the window: incremental, and after 100 edits it fetches exactly those
        List<Long> changed = PLOOMES.changeProducts(100);
        JsonNode inc = sync("{}");
        assertThat(inc.get("strategy").asText()).isEqualTo("incremental");
        assertThat(inc.get("reason").asText()).contains("within the 360 min window");
        assertThat(inc.get("fetched").asInt()).isEqualTo(100);
        assertThat(inc.get("updated").asInt()).isEqualTo(100);
        long changedId = changed.get(0);
        JsonNode after = CanonicalJson.parse(jdbc.queryForObject("SELECT p.fields FROM products p JOIN product_links l ON l.product_id = p.id "
                + "WHERE l.platform = 'PLOOMES' AND l.external_product_id = ?", String.class, String.valueOf(changedId)));
        assertThat(after.get("netSalesPrice").decimalValue()).isEqualByComparingTo(PLOOMES.product(changedId).orElseThrow().get("UnitPrice").decimalValue());

        // nothing changed since: an incremental fetches nothing
        assertThat(sync("{\"strategy\":\"incremental\"}").get("fetched").asInt()).isZero();

        // 10 ids: real-time, at most 10 requests
        List<Long> ten = PLOOMES.ids().subList(500, 510);
        JsonNode rt = sync("{\"strategy\":\"auto\",\"ids\":" + ten + "}");
        assertThat(rt.get("strategy").asText()).isEqualTo("real-time");
        assertThat(rt.get("reason").asText()).contains("10 ids");
        assertThat(rt.get("fetched").asInt()).isEqualTo(10);
        assertThat(rt.get("requests").asInt()).isLessThanOrEqualTo(10);

        // more than 50 ids: full
        HubClient.Response many = hub.post("/api/v1/sync/ploomes", "{\"strategy\":\"auto\",\"ids\":" + PLOOMES.ids().subList(0, 51)
                + ",\"categories\":[\"services\"]}");
        assertThat(many.status()).isEqualTo(202);
        assertThat(many.json().get("strategy").asText()).isEqualTo("full");
        assertThat(many.json().get("reason").asText()).contains("51 ids");

        // one run per source: a second start while it runs is 409 naming the running run
        HubClient.Response second = hub.post("/api/v1/sync/ploomes", "{\"strategy\":\"full\"}");
        if (second.status() == 409) {
            assertThat(second.json().get("message").asText()).contains("run " + many.json().get("id").asLong());
        }
        assertThat(runner.await(many.json().get("id").asLong(), 60_000)).isTrue();

        JsonNode list = hub.get("/api/v1/sync/runs?source=ploomes&status=succeeded").json().get("items");
        assertThat(list.size()).isGreaterThanOrEqualTo(5);
        assertThat(hub.get("/api/v1/sync/runs?status=bogus").status()).isEqualTo(400);
        assertThat(hub.post("/api/v1/sync/ploomes", "{\"strategy\":\"sometimes\"}").status()).isEqualTo(400);
        assertThat(hub.post("/api/v1/sync/ploomes", "{\"categories\":[\"boats\"]}").status()).isEqualTo(400);
    }
}
