package io.synchub.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubClient;
import io.synchub.support.HubProcess;
import io.synchub.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow and huge request bodies against a hub running as its own process with -Xmx512m (as a small server would):
 * slow webhook senders cannot take the API down, and a 200 MB body is never held in memory.
 */
class SlowAndLargeBodiesTest {

    private static final String KEY = "hostile-test-key";
    private static final String SECRET = "hostile-secret";
    private static final String METRICS = "hostile-metrics-token";

    @TempDir
    static Path dir;
    static HubProcess hub;

    @BeforeAll
    static void start() throws IOException {
        Map<String, String> props = new HashMap<>(TestDatabase.forChildProcess(dir));
        props.put("synchub.api-keys", KEY);
        props.put("synchub.channels.shopify.webhook-secret", SECRET);
        props.put("synchub.api-key-file", dir.resolve("api-key").toString());
        props.put("synchub.operator.metrics-token", METRICS);
        props.put("synchub.http.body-read-timeout", "6s");
        props.put("synchub.webhook.max-concurrent-reads", "16");
        hub = HubProcess.start(props, dir.resolve("hub.log"));
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void twentySlowWebhookBodiesLeaveTheApiFastAndShowTheIntakeDegraded() throws Exception {
        List<RawHttp> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                slow.add(new RawHttp(hub.port).send("POST /webhooks/shopify HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nX-Shopify-Topic: products/update\r\n"
                        + "Content-Length: 100000\r\n\r\n{"));
            }
            Thread.sleep(300);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health"))
                    .header("Authorization", "Bearer " + METRICS).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode intake = CanonicalJson.parse(health.body()).path("components").path("webhookIntake");
            assertThat(intake.path("status").asText()).as(health.body()).isEqualTo("DEGRADED");
            assertThat(intake.path("details").path("reading").asInt()).isEqualTo(16);
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).as("the hub still serves").isEqualTo(200);
            io.synchub.support.AnonymousHealth.assertStatusOnly(anonymous.body(), "DEGRADED");

            long[] millis = new long[200];
            HttpRequest status = HttpRequest.newBuilder(URI.create(base() + "/api/v1/sync/status"))
                    .header("X-API-Key", KEY).timeout(Duration.ofSeconds(10)).build();
            long attackEnd = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            int i = 0;
            while (i < millis.length) {
                // the senders keep trickling one byte each, as the attack did
                if (i % 20 == 0 && System.nanoTime() < attackEnd) {
                    for (RawHttp s : slow) {
                        try {
                            s.send(" ");
                        } catch (IOException closedByTheHub) {
                            // turned away with 503 already
                        }
                    }
                }
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(status, HttpResponse.BodyHandlers.ofString());
                millis[i++] = (System.nanoTime() - t0) / 1_000_000;
                assertThat(r.statusCode()).isEqualTo(200);
            }
            Arrays.sort(millis);
            long p99 = millis[(int) Math.ceil(millis.length * 0.99) - 1];
            System.out.println("sync/status while 20 slow webhook bodies are open: p50=" + millis[millis.length / 2]
                    + " ms, p99=" + p99 + " ms, max=" + millis[millis.length - 1] + " ms");
            assertThat(p99).as("p99 of /api/v1/sync/status in ms").isLessThan(500);

            int timedOut = 0;
            int turnedAway = 0;
            for (RawHttp s : slow) {
                int code = s.status();
                if (code == 408) {
                    timedOut++;
                } else if (code == 503) {
                    turnedAway++;
                }
            }
            assertThat(timedOut).as("slow bodies cut off by the read timeout").isEqualTo(16);
            assertThat(turnedAway).as("senders beyond the read slots").isEqualTo(4);
        } finally {
            for (RawHttp s : slow) {
                s.close();
            }
        }
        HubClient client = new HubClient(base(), KEY);
        HubClient.await(Duration.ofSeconds(10), "the intake recovered", () -> client.shopifyWebhook("products/update",
                "after-attack", HubClient.fixture("shopify/products_update.json"), SECRET).status() == 200);
        io.synchub.support.AnonymousHealth.assertStatusOnly(client.getWithoutKey("/actuator/health").body(), "UP");
    }

    @Test
    void theLocalDataIsReadableByTheHubsUserOnly() throws IOException {
        if (TestDatabase.postgres()) {
            return;
        }
        Path db = dir.resolve("db");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rwx------");
        try (var files = Files.list(db)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertThat(all).isNotEmpty();
            for (Path f : all) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void twoHundredMegabyteBodiesAreRefusedWithoutBeingHeld() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String path = i % 2 == 0 ? "/webhooks/woocommerce" : "/webhooks/shopify";
                answers.add(pool.submit(() -> declared200Mb(path)));
                answers.add(pool.submit(() -> chunked(path, "")));
            }
            for (Future<Integer> a : answers) {
                assertThat(a.get()).isEqualTo(413);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(chunked("/api/v1/products/1", "X-API-Key: " + KEY + "\r\n")).isEqualTo(413);
        try (RawHttp c = new RawHttp(hub.port)) {
            c.send("POST /api/v1/orders HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: 209715200\r\n\r\n");
            assertThat(c.status()).isEqualTo(413);
        }
        HubClient client = new HubClient(base(), KEY);
        assertThat(client.get("/api/v1/sync/status").status()).isEqualTo(200);
    }

    private static int declared200Mb(String path) throws IOException {
        try (RawHttp c = new RawHttp(hub.port)) {
            c.send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 209715200\r\n\r\n");
            return c.status();
        }
    }

    /** Streams up to 200 MB in 64 KB chunks until the hub answers (it must stop reading long before). */
    private static int chunked(String path, String extraHeaders) throws IOException {
        String method = path.startsWith("/api/") ? "PATCH" : "POST";
        try (RawHttp c = new RawHttp(hub.port)) {
            c.send(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + extraHeaders + "Transfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes();
            long sent = 0;
            try {
                while (sent < 200L * 1024 * 1024) {
                    c.send(head).send(chunk).send("\r\n");
                    sent += chunk.length;
                    if (c.socket.getInputStream().available() > 0) {
                        break;
                    }
                }
            } catch (IOException closedByTheHub) {
                // the hub stopped reading and closed the connection: its answer is already in the socket
            }
            assertThat(sent).as("bytes the hub let through before answering").isLessThan(16L * 1024 * 1024);
            return c.status();
        }
    }

    private static String base() {
        return "http://localhost:" + hub.port;
    }
}
