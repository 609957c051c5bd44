package io.synchub.holds;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;
import io.synchub.support.HubProcess;
import io.synchub.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds live in the database: the hub is killed with SIGKILL while two holds are active. The one that came due
 * while the hub was down is expired at start; the other still expires on time (within 5 s) in the restarted hub.
 */
class HoldKillRestartTest {

    @TempDir
    Path dir;

    @Test
    void holdsStillExpireOnTimeAfterKillMinus9() throws Exception {
        Map<String, String> props = new HashMap<>(TestDatabase.forChildProcess(dir));
        props.put("synchub.api-keys", "hold-kill-key");
        props.put("synchub.api-key-file", dir.resolve("api-key").toString());
        props.put("synchub.holds.authority", "hub");
        props.put("synchub.holds.expiry-buffer", "50s");
        Path log = dir.resolve("hub.log");
        String early;
        String late;
        Instant lateDue;
        try (HubProcess first = HubProcess.start(props, log)) {
            HubClient client = new HubClient("http://localhost:" + first.port, "hold-kill-key");
            assertThat(client.post("/api/v1/products", "{\"sku\":\"K-1\",\"name\":\"Kilt\",\"available\":5}").status()).isIn(200, 201);
            JsonNode a = client.post("/api/v1/holds", "{\"items\":[{\"sku\":\"K-1\",\"quantity\":1}],\"durationSeconds\":60}").json();
            JsonNode b = client.post("/api/v1/holds", "{\"items\":[{\"sku\":\"K-1\",\"quantity\":2}],\"durationSeconds\":180}").json();
            early = a.get("holdId").asText();
            late = b.get("holdId").asText();
            lateDue = Instant.parse(b.get("expiresAt").asText());
            assertThat(client.get("/api/v1/availability?skus=K-1").json().get("items").get(0).get("available").asLong()).isEqualTo(2);
            first.kill();
        }
        Thread.sleep(11_000); // the early hold (due 10 s after creation) comes due while the hub is down

        try (HubProcess second = HubProcess.start(props, log)) {
            Instant up = Instant.now();
            HubClient client = new HubClient("http://localhost:" + second.port, "hold-kill-key");
            HubClient.await(Duration.ofSeconds(5), "the hold that came due while down expired at start",
                    () -> client.get("/api/v1/holds/" + early).json().get("status").asText().equals("expired"));
            assertThat(client.get("/api/v1/holds/" + late).json().get("status").asText()).isEqualTo("active");
            assertThat(lateDue).as("the restart took too long for the on-time check").isAfter(up);
            HubClient.await(Duration.between(Instant.now(), lateDue).plusSeconds(5), "the late hold expired",
                    () -> client.get("/api/v1/holds/" + late).json().get("status").asText().equals("expired"));
            JsonNode history = client.get("/api/v1/holds/" + late + "/history").json().get("items");
            Instant expiredAt = Instant.parse(history.get(1).get("at").asText());
            assertThat(expiredAt).isAfterOrEqualTo(lateDue).isBefore(lateDue.plusSeconds(5));
            assertThat(client.get("/api/v1/availability?skus=K-1").json().get("items").get(0).get("available").asLong()).isEqualTo(5);
            JsonNode events = client.get("/api/v1/sync/events/poll?since=0&eventTypes=hold_expired").json().get("items");
            assertThat(events).hasSize(2);
        }
    }
}
