package io.synchub.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import io.synchub.webhook.HmacSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §2's test of the architecture: a fourth platform, "acme" (HMAC-signed webhooks in, REST out, no batching),
 * is added to the hub with files only, written into temporary copies of routes/ and mappings/ (its platform.yaml,
 * its in/out mappings, three route files and an ownership.yaml entry) plus settings under their environment-variable
 * names. No Java and no test hook: the hub built from src/main is booted on those folders, and WireMock plays Acme.
 */
class AcmePlatformTest extends HubTestSupport {

    static final String SECRET_ACME = "acme-webhook-secret";
    static final String KEY_ACME = "acme-api-key";
    static final WireMockServer ACME = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final Path HOME = copyOfRoutesAndMappingsWithAcme();

    static {
        ACME.start();
    }

    @AfterAll
    static void stopAcme() {
        ACME.stop();
    }

    @DynamicPropertySource
    static void acme(DynamicPropertyRegistry r) {
        r.add("camel.main.routes-include-pattern", () -> "file:" + HOME.resolve("routes") + "/*.yaml");
        r.add("synchub.mappings-dir", () -> HOME.resolve("mappings").toString());
        // the settings under the names acme's platform.yaml gives them (environment variables in production)
        // read once: the context outlives this class in the test context cache, and a stopped WireMock has no port
        String acmeBaseUrl = "http://localhost:" + ACME.port();
        r.add("ACME_BASE_URL", () -> acmeBaseUrl);
        r.add("ACME_API_KEY", () -> KEY_ACME);
        r.add("ACME_WEBHOOK_SECRET", () -> SECRET_ACME);
        r.add("ACME_REQUESTS_PER_SECOND", () -> "2");
        r.add("synchub.outbox.poll-delay-ms", () -> "50");
        r.add("synchub.outbox.retry.max-attempts", () -> "4");
        r.add("synchub.outbox.retry.initial-delay", () -> "100ms");
        r.add("synchub.outbox.retry.max-delay", () -> "400ms");
    }

    /** The repository's routes/ and mappings/ copied, then acme's files added the way an integrator would. */
    static Path copyOfRoutesAndMappingsWithAcme() {
        try {
            Path home = Files.createTempDirectory("acme-hub");
            copyTree(Path.of("routes"), home.resolve("routes"));
            copyTree(Path.of("mappings"), home.resolve("mappings"));
            Path files = Path.of("src/test/resources/acme");
            copyTree(files.resolve("routes"), home.resolve("routes"));
            copyTree(files.resolve("mappings"), home.resolve("mappings"));
            Path ownership = home.resolve("mappings/ownership.yaml");
            String rules = Files.readString(ownership);
            String withAcme = rules
                    .replaceFirst("origins: \\[", "origins: [ACME, ")
                    .replaceFirst("writers: \\[SHOPIFY, WOOCOMMERCE,", "writers: [ACME, SHOPIFY, WOOCOMMERCE,")
                    .replaceFirst("\npush:\n", "\npush:\n  ACME:\n    groups: [commerce, shared]\n");
            assertThat(withAcme.split("ACME", -1)).as("ownership.yaml took acme's three entries").hasSize(4 + rules.split("ACME", -1).length - 1);
            Files.writeString(ownership, withAcme);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    HubClient.Response acmeWebhook(String topic, String eventId, String body, String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return hub.send("/webhooks/acme", bytes, Map.of(
                "Content-Type", "application/json",
                "X-Acme-Topic", topic,
                "X-Acme-Event-Id", eventId,
                "X-Acme-Shop", "acme-main",
                "X-Acme-Signature", HmacSignature.sign(secret, bytes)));
    }

    static String product(long id, String sku, String title, String price, Instant updated) {
        return "{\"id\":" + id + ",\"sku\":\"" + sku + "\",\"title\":\"" + title + "\",\"price\":\"" + price
                + "\",\"updated_at\":\"" + updated + "\"}";
    }

    /** A product delivered by a signed acme webhook, aged an hour so an operator edit is outside the conflict window. */
    long productFromAcme(long acmeId, String sku, String price) {
        assertThat(acmeWebhook("products/update", "evt-" + acmeId, product(acmeId, sku, "Anvil " + sku, price,
                Instant.now().minusSeconds(60)), SECRET_ACME).json().get("status").asText()).isEqualTo("accepted");
        HubClient.await(Duration.ofSeconds(10), "acme's product " + sku + " stored", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM products WHERE sku = ?", Long.class, sku) == 1);
        String hourAgo = Instant.now().minus(Duration.ofHours(1)).toString();
        long id = jdbc.queryForObject("SELECT id FROM products WHERE sku = ?", Long.class, sku);
        String meta = jdbc.queryForObject("SELECT field_meta FROM products WHERE id = ?", String.class, id);
        jdbc.update("UPDATE products SET field_meta = ? WHERE id = ?", meta.replaceAll("\"at\":\"[^\"]+\"", "\"at\":\"" + hourAgo + "\""), id);
        return id;
    }

    void awaitNoOpenJobs() {
        HubClient.await(Duration.ofSeconds(20), "the outbox to drain", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'processing')", Long.class) == 0);
    }

    static List<LoggedRequest> pushes() {
        return ACME.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
    }

    @Test
    void aSignedAcmeWebhookLandsAProductUnderOwnershipAndBadDeliveriesChangeNothing() {
        String body = product(501, "AC-1", "Anvil", "12.50", Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(acmeWebhook("products/update", "evt-1", body, "wrong-secret").status()).as("wrong signature").isEqualTo(401);
        assertThat(acmeWebhook("orders/create", "evt-2", body, SECRET_ACME).json().get("status").asText())
                .as("a topic acme declares no flow for").isEqualTo("ignored");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox", Long.class)).isZero();

        assertThat(acmeWebhook("products/update", "evt-3", body, SECRET_ACME).json().get("status").asText()).isEqualTo("accepted");
        assertThat(acmeWebhook("products/update", "evt-3", body, SECRET_ACME).json().get("status").asText()).isEqualTo("duplicate");
        HubClient.await(Duration.ofSeconds(10), "the delivery processed", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'", Long.class) == 1);
        JsonNode stored = hub.get("/api/v1/products?q=anvil").json().get("items").get(0);
        assertThat(stored.get("sku").asText()).isEqualTo("AC-1");
        assertThat(stored.get("name").asText()).isEqualTo("Anvil");
        assertThat(stored.get("netSalesPrice").decimalValue()).isEqualByComparingTo("12.50");
        Map<String, Object> link = jdbc.queryForMap("SELECT platform, external_product_id FROM product_links WHERE product_id = ?",
                stored.get("id").asLong());
        assertThat(link).containsEntry("platform", "ACME").containsEntry("external_product_id", "501");
        assertThat(jdbc.queryForObject("SELECT headers FROM inbox", String.class)).contains("x-acme-topic").doesNotContain("signature");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Long.class)).as("acme's own change is not pushed back to acme").isZero();
    }

    @Test
    void aHubEditIsPushedToAcmeThroughItsConnectorAndAcmesEchoIsSkipped() {
        ACME.stubFor(put(urlMatching("/products/.*")).willReturn(okJson("{\"ok\":true}")));
        long id = productFromAcme(601, "AC-2", "10.00");

        assertThat(hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 14}").status()).isEqualTo(200);
        awaitNoOpenJobs();
        ACME.verify(1, putRequestedFor(urlEqualTo("/products/601")).withHeader("X-Acme-Key", equalTo(KEY_ACME)));
        JsonNode sent = io.synchub.canonical.CanonicalJson.parse(pushes().get(0).getBodyAsString());
        assertThat(sent.get("price").asText()).isEqualTo("14");
        assertThat(sent.get("title").asText()).isEqualTo("Anvil AC-2");
        assertThat(jdbc.queryForObject("SELECT status FROM outbox", String.class)).isEqualTo("completed");

        // acme fires the pushed state back, as shops do
        acmeWebhook("products/update", "evt-echo", product(601, "AC-2", "Anvil AC-2", "14.00", Instant.now()), SECRET_ACME);
        HubClient.await(Duration.ofSeconds(10), "the echo processed", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM sync_log WHERE action = 'echo_skipped' AND origin = 'ACME'", Long.class) == 1);
        awaitNoOpenJobs();
        assertThat(pushes()).as("the echo causes no second push").hasSize(1);

        // the breaker is registered for acme and visible in health
        JsonNode targets = hub.getAsScraper("/actuator/health").json().at("/components/outboundTargets/details/ACME");
        assertThat(targets.get("enabled").asBoolean()).isTrue();
        assertThat(targets.get("circuit").asText()).isEqualTo("CLOSED");
    }

    @Test
    void pushesToAcmeAreThrottledToItsDeclaredRate() {
        ACME.stubFor(put(urlMatching("/products/.*")).willReturn(okJson("{\"ok\":true}")));
        long[] ids = {productFromAcme(701, "AC-7", "1.00"), productFromAcme(702, "AC-8", "1.00"),
                productFromAcme(703, "AC-9", "1.00"), productFromAcme(704, "AC-10", "1.00")};
        for (long id : ids) {
            hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 3}");
        }
        awaitNoOpenJobs();
        List<LoggedRequest> r = pushes();
        assertThat(r).hasSize(4);
        long first = r.stream().mapToLong(x -> x.getLoggedDate().getTime()).min().orElseThrow();
        long last = r.stream().mapToLong(x -> x.getLoggedDate().getTime()).max().orElseThrow();
        assertThat(last - first).as("4 calls at ACME_REQUESTS_PER_SECOND=2 span at least a second").isGreaterThanOrEqualTo(900);
    }

    @Test
    void threeServerErrorsThenSuccessDeliverOnceAndARefusalIsDeadLetteredAndReplayed() {
        long id = productFromAcme(801, "AC-3", "5.00");
        String s = "flaky";
        ACME.stubFor(put(urlEqualTo("/products/801")).inScenario(s).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("2"));
        ACME.stubFor(put(urlEqualTo("/products/801")).inScenario(s).whenScenarioStateIs("2")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("3"));
        ACME.stubFor(put(urlEqualTo("/products/801")).inScenario(s).whenScenarioStateIs("3")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("ok"));
        ACME.stubFor(put(urlEqualTo("/products/801")).inScenario(s).whenScenarioStateIs("ok").willReturn(okJson("{\"ok\":true}")));
        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 6}");
        awaitNoOpenJobs();
        assertThat(pushes()).hasSize(4);
        assertThat(jdbc.queryForMap("SELECT status, attempts FROM outbox")).containsEntry("status", "completed").containsEntry("attempts", 4);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters", Long.class)).isZero();

        ACME.resetAll();
        ACME.stubFor(put(urlEqualTo("/products/801")).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"price must be a multiple of 0.05\"}")));
        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 6.01}");
        HubClient.await(Duration.ofSeconds(10), "a dead letter", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters", Long.class) == 1);
        assertThat(pushes()).as("a 422 is not retried").hasSize(1);
        JsonNode letter = hub.get("/api/v1/dead-letters").json().get("items").get(0);
        assertThat(letter.get("target").asText()).isEqualTo("ACME");
        assertThat(letter.get("errorClass").asText()).isEqualTo("validation");
        assertThat(letter.get("reason").asText()).contains("multiple of 0.05");

        ACME.resetAll();
        ACME.stubFor(put(urlEqualTo("/products/801")).willReturn(okJson("{\"ok\":true}")));
        var replay = hub.post("/api/v1/dead-letters/" + letter.get("id").asLong() + "/replay", "");
        assertThat(replay.status()).isEqualTo(200);
        awaitNoOpenJobs();
        assertThat(pushes()).hasSize(1);
        assertThat(pushes().get(0).getBodyAsString()).contains("\"price\":\"6.01\"");
        assertThat(hub.get("/api/v1/products/" + id).json().get("syncStatus").asText()).isEqualTo("SYNCED");
    }

    @org.junit.jupiter.api.BeforeEach
    void resetAcme() {
        ACME.resetAll();
    }
}
