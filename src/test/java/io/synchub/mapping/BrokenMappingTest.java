package io.synchub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An integrator breaks a mapping file (or ownership.yaml) while the hub runs: one log line per file, not per
 * delivery; the deliveries that need the mapping wait (pending, no attempt used, never FAILED); /actuator/health shows
 * component "mappings" DOWN naming the file; once the file is fixed the waiting deliveries drain by themselves. The hub
 * reads a copy of mappings/ so the shipped files are never touched.
 */
@ExtendWith(OutputCaptureExtension.class)
class BrokenMappingTest extends HubTestSupport {

    private static final Path DIR = copyOfMappings();
    private static final byte[] SAMPLE = HubClient.fixture("shopify/products_update.json");
    private static final AtomicLong CLOCK = new AtomicLong(Instant.now().getEpochSecond());

    @DynamicPropertySource
    static void mappings(DynamicPropertyRegistry registry) {
        registry.add("synchub.mappings-dir", DIR::toString);
    }

    @AfterAll
    static void removeCopy() throws IOException {
        FileSystemUtils.deleteRecursively(DIR);
    }

    @Test
    void deliveriesWaitForABrokenMappingAndDrainOnceItIsFixed(CapturedOutput output) throws Exception {
        Path file = DIR.resolve("shopify/product-in.jsonata");
        String good = Files.readString(file);
        write(file, "$broken := (\n" + good);
        int before = output.getAll().length();
        try {
            waitWhileBrokenThenFix(file, good, output, before);
        } finally {
            // a failed assertion must not leave the file broken for the next test
            write(file, good);
        }
    }

    private void waitWhileBrokenThenFix(Path file, String good, CapturedOutput output, int before) throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(hub.shopifyWebhook("products/update", "broken-" + i, SAMPLE, SECRET).status()).isEqualTo(200);
        }
        HubClient.await(Duration.ofSeconds(20), "every delivery tried and waiting", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE last_error LIKE 'waiting for a mapping%'", Long.class) == 6);
        // two more rounds in which every waiting delivery was tried again (each try moves its next attempt forward):
        // still waiting, still one log line
        for (int round = 1; round <= 2; round++) {
            java.sql.Timestamp lastTry = jdbc.queryForObject("SELECT MAX(next_attempt_at) FROM inbox", java.sql.Timestamp.class);
            HubClient.await(Duration.ofSeconds(20), "every waiting delivery tried again (round " + round + ")", () ->
                    jdbc.queryForObject("SELECT MIN(next_attempt_at) FROM inbox", java.sql.Timestamp.class).after(lastTry));
        }

        assertThat(jdbc.queryForList("SELECT DISTINCT status FROM inbox", String.class)).containsExactly("PENDING");
        assertThat(jdbc.queryForObject("SELECT MAX(attempts) FROM inbox", Integer.class)).as("no attempt used").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM products", Long.class)).isZero();
        JsonNode health = health();
        assertThat(health.at("/components/mappings/status").asText()).isEqualTo("DOWN");
        assertThat(health.at("/components/mappings/details/files").has("shopify/product-in.jsonata")).isTrue();

        String log = output.getAll().substring(before);
        assertThat(lines(log, "shopify/product-in.jsonata is not valid JSONata")).as("one line for the file").isEqualTo(1);
        assertThat(lines(log, "\tat ")).as("no stack traces").isZero();
        // the lines about mappings: other test contexts of this JVM log their own deliveries' retries meanwhile
        assertThat(log.lines().filter(l -> l.toLowerCase(Locale.ROOT).contains("mapping")).count())
                .as("bounded log while 6 deliveries wait").isLessThan(15);

        write(file, good);
        HubClient.await(Duration.ofSeconds(30), "the waiting deliveries drained", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'", Long.class) == 6);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM products", Long.class)).isEqualTo(2);
        assertThat(health().at("/components/mappings/status").asText()).isEqualTo("UP");
        assertThat(output.getAll().substring(before)).contains("shopify/product-in.jsonata compiles again");
    }

    @Test
    void aTypoInOwnershipYamlKeepsThePreviousRulesAndShowsInHealth(CapturedOutput output) throws Exception {
        Path file = DIR.resolve("ownership.yaml");
        String good = Files.readString(file);
        int before = output.getAll().length();
        write(file, good.replace("writers: [SHOPIFY, WOOCOMMERCE, PLOOMES, NOLIMITS, ADMIN]", "writers: [SHOPPIFY, WOOCOMMERCE, PLOOMES, NOLIMITS, ADMIN]"));

        HubClient.await(Duration.ofSeconds(10), "health names ownership.yaml", () ->
                health().at("/components/mappings/details/files").has("ownership.yaml"));
        String problem = health().at("/components/mappings/details/files/ownership.yaml").asText();
        int line = Arrays.asList(Files.readString(file).split("\n")).indexOf("    writers: [SHOPPIFY, WOOCOMMERCE, PLOOMES, NOLIMITS, ADMIN]") + 1;
        assertThat(problem).contains("line " + line + ": unknown writer in group commerce 'SHOPPIFY'");
        JsonNode rules = hub.get("/api/v1/sync/field-ownership").json();
        assertThat(rules.toString()).as("the previous rules are in force").doesNotContain("SHOPPIFY").contains("SHOPIFY");
        for (int i = 0; i < 3; i++) {
            health();
            Thread.sleep(1100);
        }
        assertThat(lines(output.getAll().substring(before), "SHOPPIFY")).as("one line per edit").isEqualTo(1);

        write(file, good);
        HubClient.await(Duration.ofSeconds(10), "mappings UP again", () -> health().at("/components/mappings/status").asText().equals("UP"));
    }

    private JsonNode health() {
        return hub.getAsScraper("/actuator/health").json();
    }

    private static long lines(String log, String text) {
        return log.lines().filter(l -> l.contains(text)).count();
    }

    /** Writes and moves the modification time forward (file systems with coarse timestamps). */
    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(CLOCK.addAndGet(5))));
    }

    private static Path copyOfMappings() {
        try {
            Path dir = Files.createTempDirectory("synchub-mappings");
            FileSystemUtils.copyRecursively(Path.of("mappings"), dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
