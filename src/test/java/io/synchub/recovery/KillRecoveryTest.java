package io.synchub.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;
import io.synchub.support.HubProcess;
import io.synchub.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delivery answered 200 survives a SIGKILL before processing: the restarted hub applies it, exactly once.
 * The hub runs as a real separate process on its own database (an H2 file, or its own PostgreSQL schema).
 */
class KillRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void anAcceptedDeliveryIsAppliedOnceAfterKillMinus9() throws Exception {
        Map<String, String> props = new HashMap<>(TestDatabase.forChildProcess(dir));
        props.put("synchub.api-keys", "kill-test-key");
        props.put("synchub.channels.shopify.webhook-secret", "kill-secret");
        props.put("synchub.api-key-file", dir.resolve("api-key").toString());
        props.put("synchub.pos.websocket.port", String.valueOf(HubProcess.freePort()));
        props.put("synchub.inbox.poll-delay-ms", "50");
        Path log = dir.resolve("hub.log");
        byte[] sample = HubClient.fixture("shopify/products_update.json");

        Map<String, String> noDrain = new HashMap<>(props);
        noDrain.put("synchub.inbox.start-delay-ms", "3600000");
        try (HubProcess first = HubProcess.start(noDrain, log)) {
            HubClient client = new HubClient("http://localhost:" + first.port, "kill-test-key");
            var r = client.shopifyWebhook("products/update", "evt-kill", sample, "kill-secret");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("status").asText()).isEqualTo("accepted");
            assertThat(client.get("/api/v1/products").json().get("total").asInt()).as("not processed before the kill").isZero();
            first.kill();
        }

        try (HubProcess second = HubProcess.start(props, log)) {
            HubClient client = new HubClient("http://localhost:" + second.port, "kill-test-key");
            HubClient.await(Duration.ofSeconds(30), "the delivery applied after restart",
                    () -> client.get("/api/v1/products").json().get("total").asInt() == 2);
            assertThat(client.shopifyWebhook("products/update", "evt-kill", sample, "kill-secret").json().get("status").asText())
                    .isEqualTo("duplicate");
            Thread.sleep(500);
            JsonNode products = client.get("/api/v1/products").json();
            assertThat(products.get("total").asInt()).isEqualTo(2);
            for (JsonNode p : products.get("items")) {
                JsonNode logs = client.get("/api/v1/products/" + p.get("id").asLong() + "/logs").json();
                long created = 0;
                for (JsonNode l : logs.get("items")) {
                    if (l.get("action").asText().equals("created")) {
                        created++;
                    }
                }
                assertThat(created).as("created exactly once").isEqualTo(1);
            }
            assertThat(client.get("/api/v1/sync/status").json().get("inbox").get("done").asInt()).isEqualTo(1);
        }
    }

}
