package io.synchub.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed's own endpoints as aliases, cached search and category counts invalidated by commits, the health component. */
class PloomesSearchAndSeedEndpointsTest extends PloomesTestSupport {

    private JsonNode accepted(String path, String body) throws InterruptedException {
        HubClient.Response r = hub.post(path, body);
        assertThat(r.status()).as(path + " " + r.body()).isEqualTo(202);
        long id = r.json().get("id").asLong();
        assertThat(runner.await(id, 60_000)).isTrue();
        JsonNode run = hub.get("/api/v1/sync/runs/" + id).json();
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        return run;
    }

    private int count(JsonNode categories, String key) {
        for (JsonNode c : categories.get("items")) {
            if (c.get("category").asText().equals(key)) {
                return c.get("count").asInt();
            }
        }
        return 0;
    }

    @Test
    void categorySyncsSearchAndCountsServedFromACacheThatCommitsInvalidate() throws Exception {
        JsonNode services = accepted("/api/sync/products/services", "");
        assertThat(services.get("fetched").asInt()).as("the OData filter asks for services only").isEqualTo(127);
        assertThat(services.get("requests").asInt()).isLessThanOrEqualTo(4);

        JsonNode cats = hub.get("/api/sync/products/categories").json();
        assertThat(count(cats, "services")).isEqualTo(127);
        assertThat(count(cats, "rentals")).isZero();
        assertThat(hub.get("/api/v1/products/categories").json()).isEqualTo(cats);

        assertThat(hub.get("/api/v1/products?type=service").json().get("total").asInt()).isEqualTo(127);
        assertThat(hub.get("/api/v1/products?type=rental").json().get("total").asInt()).isZero();
        assertThat(hub.get("/api/v1/products?type=boat").status()).isEqualTo(400);
        JsonNode search = hub.get("/api/sync/products/search?q=manuten&category=services&limit=5").json();
        assertThat(search.get("total").asInt()).isEqualTo(127);
        assertThat(search.get("items")).hasSize(5);

        // a cached product is never served older than its last commit
        JsonNode before = hub.get("/api/sync/products/search?q=manuten&limit=1").json().get("items").get(0);
        long first = Long.parseLong(jdbc.queryForObject("SELECT external_product_id FROM product_links WHERE product_id = ?",
                String.class, before.get("id").asLong()));
        assertThat(hub.get("/api/sync/products/search?q=manuten&limit=1").json().get("items").get(0)).isEqualTo(before);
        PLOOMES.edit(first, 10_001);
        BigDecimal newPrice = PLOOMES.product(first).orElseThrow().get("UnitPrice").decimalValue();
        accepted("/api/sync/products/real-time", "{\"productIds\":[" + first + "]}");
        JsonNode after = hub.get("/api/sync/products/search?q=manuten&limit=1").json().get("items").get(0);
        assertThat(after.at("/fields/netSalesPrice").decimalValue()).isEqualByComparingTo(newPrice);
        assertThat(after.get("fields").has("available")).isFalse();

        // new products: the cached counts are invalidated
        accepted("/api/sync/products/rentals", "");
        assertThat(count(hub.get("/api/sync/products/categories").json(), "rentals")).isEqualTo(95);

        JsonNode status = hub.get("/api/sync/products/status").json();
        assertThat(status.at("/cache/products/hits").asLong()).isPositive();
        assertThat(status.at("/lastRun/strategy").asText()).isEqualTo("full");
        assertThat(hub.get("/api/sync/products/logs").json().get("items").size()).isEqualTo(3);

        JsonNode health = hub.get("/api/sync/products/health").json();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("keyValid").asBoolean()).isTrue();
        assertThat(hub.getAsScraper("/actuator/health").json().at("/components/ploomes/status").asText()).isEqualTo("UP");

        assertThat(hub.post("/api/sync/products/boats", "").status()).isEqualTo(400);
        assertThat(hub.getWithoutKey("/api/sync/products/status").status()).isEqualTo(401);
    }
}
