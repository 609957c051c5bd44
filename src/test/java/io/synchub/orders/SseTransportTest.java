package io.synchub.orders;

import io.synchub.canonical.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The event stream's transport: gzip flushed per event, CORS for configured origins, a connection limit per key. */
class SseTransportTest extends OrderTestSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Blocking reads run here, never in the common pool (one thread on a small machine). */
    private static final java.util.concurrent.ExecutorService READER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gzip-sse-reader");
        t.setDaemon(true);
        return t;
    });

    @Test
    void aClientAcceptingGzipGetsEachEventCompressedAndAtOnce() throws Exception {
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/sync/events?orderID=ORDER-050"))
                .header("X-API-Key", API_KEY).header("Accept", "text/event-stream").header("Accept-Encoding", "gzip").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
        try (InputStream body = r.body()) {
            // byte by byte: a Reader would wait to fill its buffer, which an event stream never does
            InputStream lines = CompletableFuture.supplyAsync(() -> gunzip(body), READER).get(10, TimeUnit.SECONDS);
            assertThat(readUntil(lines, "event:")).isEqualTo("event:connected");
            // the event must arrive while the stream stays open: a compressor that held it back would time out here
            hub.post("/api/v1/orders", AxBillingWorkflowTest.axOrder("ORDER-050", ""));
            String next = readUntil(lines, "event:");
            while ("event:heartbeat".equals(next)) {
                next = readUntil(lines, "event:");
            }
            assertThat(next).isEqualTo("event:order_created");
            String data = readUntil(lines, "data:");
            assertThat(CanonicalJson.parse(data.substring(5)).get("orderID").asText()).isEqualTo("ORDER-050");
        }
        HttpResponse<String> plain = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/sync/events/poll"))
                .header("X-API-Key", API_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.headers().firstValue("Content-Encoding")).as("only when asked for").isEmpty();
    }

    @Test
    void configuredOriginsGetCorsAndOthersDoNot() throws Exception {
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://dashboard.example")
                .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "x-api-key").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("https://dashboard.example");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("X-API-Key", "Last-Event-ID");

        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders"))
                .header("X-API-Key", API_KEY).header("Origin", "https://dashboard.example").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).contains("https://dashboard.example");
        try (SseTestClient stream = sse("", TENANT_A_KEY, null)) {
            assertThat(stream.status()).isEqualTo(200);
        }
    }

    @Test
    void oneKeyHoldsAtMostTheConfiguredNumberOfStreams() {
        List<SseTestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                SseTestClient c = sse("", TENANT_B_KEY, null);
                open.add(c);
                assertThat(c.next(Duration.ofSeconds(10)).name()).isEqualTo("connected");
            }
            try (SseTestClient tooMany = sse("", TENANT_B_KEY, null)) {
                assertThat(tooMany.status()).isEqualTo(429);
            }
            try (SseTestClient otherKey = sse("", TENANT_A_KEY, null)) {
                assertThat(otherKey.status()).as("other keys are not affected").isEqualTo(200);
            }
        } finally {
            open.forEach(SseTestClient::close);
        }
    }

    private static InputStream gunzip(InputStream in) {
        try {
            return new GZIPInputStream(in, 64);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String readUntil(InputStream lines, String prefix) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                int b;
                while ((b = lines.read()) != -1) {
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (text.startsWith(prefix)) {
                        return text;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, READER).get(10, TimeUnit.SECONDS);
    }
}
