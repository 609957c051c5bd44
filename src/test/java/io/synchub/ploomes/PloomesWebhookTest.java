package io.synchub.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.core.Json;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Ploomes webhooks: the validation key, the inbox, dedupe, deletes and the hub's own changes coming back as echoes. */
class PloomesWebhookTest extends PloomesTestSupport {

    private HubClient.Response deliver(JsonNode body, String key) {
        return hub.send("/webhooks/ploomes", Json.bytes(body), key == null ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", "X-Ploomes-Validation-Key", key));
    }

    private JsonNode fields(long ploomesId) {
        return CanonicalJson.parse(jdbc.queryForObject("SELECT p.fields FROM products p JOIN product_links l ON l.product_id = p.id "
                + "WHERE l.platform = 'PLOOMES' AND l.external_product_id = ?", String.class, String.valueOf(ploomesId)));
    }

    private int inbox() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM inbox", Integer.class);
    }

    @Test
    void aWrongOrMissingValidationKeyIs401AndStoresNothing() {
        long id = PLOOMES.ids().get(3);
        JsonNode body = PLOOMES.webhookBody("Update", id, 10_001, null);
        assertThat(deliver(body, "wrong-key").status()).isEqualTo(401);
        assertThat(deliver(body, null).status()).isEqualTo(401);
        assertThat(deliver(body, PLOOMES.config().validationKey() + "x").status()).isEqualTo(401);
        assertThat(inbox()).isZero();
        assertThat(storedProducts()).isZero();
    }

    @Test
    void anUpdateIsStoredOnceWithItsCategoriesAndADeleteTurnsTheProductInactive() {
        long id = PLOOMES.ids().get(150);   // a rental
        JsonNode body = PLOOMES.webhookBody("Update", id, 10_001, null);
        HubClient.Response r = deliver(body, PLOOMES.config().validationKey());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("accepted");
        assertThat(deliver(body, PLOOMES.config().validationKey()).json().get("status").asText()).isEqualTo("duplicate");
        HubClient.await(Duration.ofSeconds(10), "the product stored", () -> storedProducts() == 1);
        JsonNode stored = fields(id);
        assertThat(stored.get("productType").asText()).isEqualTo("rental");
        assertThat(stored.get("categories").toString()).contains("rentals");
        assertThat(stored.get("isActive").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT headers FROM inbox", String.class)).doesNotContain(PLOOMES.config().validationKey());

        JsonNode delete = PLOOMES.webhookBody("Delete", id, 10_001, PLOOMES.product(id).orElseThrow());
        assertThat(deliver(delete, PLOOMES.config().validationKey()).status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(10), "the product inactive", () -> !fields(id).get("isActive").asBoolean());
        assertThat(storedProducts()).isEqualTo(1);
    }

    @Test
    void theHubsOwnChangeComingBackIsAnEchoAndChangesNothing() {
        long id = PLOOMES.ids().get(2_000);
        assertThat(deliver(PLOOMES.webhookBody("Update", id, 10_001, null), PLOOMES.config().validationKey()).status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(10), "the product stored", () -> storedProducts() == 1);
        JsonNode before = fields(id);

        PLOOMES.edit(id, PLOOMES.config().hubUserId());
        assertThat(deliver(PLOOMES.webhookBody("Update", id, PLOOMES.config().hubUserId(), null), PLOOMES.config().validationKey()).status())
                .isEqualTo(200);
        HubClient.await(Duration.ofSeconds(10), "the echo logged",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM sync_log WHERE action = 'echo_skipped' AND origin = 'PLOOMES'", Integer.class) == 1);
        assertThat(fields(id).get("netSalesPrice").decimalValue()).isEqualByComparingTo(before.get("netSalesPrice").decimalValue());
    }

    @Test
    void otherEntitiesAreAcknowledgedAndIgnored() {
        JsonNode deal = Json.parse("{\"Action\":\"Win\",\"Entity\":\"Deals\",\"AccountId\":1,\"ActionUserId\":2,\"New\":{\"Id\":5}}"
                .getBytes(StandardCharsets.UTF_8));
        HubClient.Response r = deliver(deal, PLOOMES.config().validationKey());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("ignored");
        assertThat(inbox()).isZero();
    }
}
