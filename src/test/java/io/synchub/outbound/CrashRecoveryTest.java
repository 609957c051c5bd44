package io.synchub.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hub killed mid-push leaves behind: a job 'processing' whose claimer is gone. After the lease it is claimed
 * again and pushed with the same idempotency key, so Shopify applies the write once.
 */
class CrashRecoveryTest extends OutboundTestSupport {

    @Test
    void aJobLeftProcessingByADeadHubIsPushedAgainWithTheSameIdempotencyKey() {
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).willReturn(okJson("{\"data\":{\"inventorySetQuantities\":{\"userErrors\":[]}}}")));
        long id = seedProduct("S-1", "{\"sku\":\"S-1\",\"name\":\"Sock\",\"available\":7}", "SHOPIFY:10:11:12");
        Timestamp longAgo = Timestamp.from(Instant.now().minus(Duration.ofMinutes(10)));
        jdbc.update("INSERT INTO outbox (entity_type, entity_id, client_id, target, operation, priority, trigger_origin, changed_fields, "
                + "status, attempts, next_attempt_at, claimed_at, idempotency_key, created_at, updated_at) VALUES ('product', ?, 'default', "
                + "'SHOPIFY', 'stock_update', 1, 'JTL', 'available', 'processing', 0, ?, ?, 'key-before-the-crash', ?, ?)",
                String.valueOf(id), longAgo, longAgo, longAgo, longAgo);

        awaitNoOpenJobs();
        assertThat(requests(SHOPIFY)).hasSize(1);
        JsonNode vars = CanonicalJson.parse(requests(SHOPIFY).get(0).getBodyAsString()).get("variables");
        assertThat(vars.get("key").asText()).isEqualTo("key-before-the-crash");
        assertThat(vars.at("/input/quantities/0/quantity").asInt()).isEqualTo(7);
        assertThat(jdbc.queryForObject("SELECT status FROM outbox", String.class)).isEqualTo("completed");
    }
}
