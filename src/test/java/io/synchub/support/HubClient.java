package io.synchub.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.webhook.HmacSignature;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A real HTTP client for the hub under test: signed webhooks and API calls over the loopback socket. */
public final class HubClient {

    private final String base;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public HubClient(String base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    /** A fixture from src/test/resources/fixtures (copies of the platforms' documented samples), as the exact stored bytes. */
    public static byte[] fixture(String relative) {
        try {
            return Files.readAllBytes(Path.of("src", "test", "resources", "fixtures", relative));
        } catch (IOException e) {
            throw new IllegalStateException("fixture " + relative + " not found in src/test/resources/fixtures", e);
        }
    }

    public Response shopifyWebhook(String topic, String eventId, byte[] body, String secret) {
        return send("/webhooks/shopify", body, Map.of(
                "Content-Type", "application/json",
                "X-Shopify-Topic", topic,
                "X-Shopify-Hmac-Sha256", HmacSignature.sign(secret, body),
                "X-Shopify-Shop-Domain", "synchub-test.myshopify.com",
                "X-Shopify-API-Version", "2026-04",
                "X-Shopify-Webhook-Id", "wh-" + eventId,
                "X-Shopify-Event-Id", eventId,
                "X-Shopify-Triggered-At", "2026-01-01T00:00:00Z"));
    }

    public Response wooWebhook(String topic, String deliveryId, byte[] body, String secret) {
        return send("/webhooks/woocommerce", body, Map.of(
                "Content-Type", "application/json",
                "X-WC-Webhook-Topic", topic,
                "X-WC-Webhook-Signature", HmacSignature.sign(secret, body),
                "X-WC-Webhook-Source", "https://shop.example.com/",
                "X-WC-Webhook-Resource", topic.substring(0, topic.indexOf('.')),
                "X-WC-Webhook-Event", topic.substring(topic.indexOf('.') + 1),
                "X-WC-Webhook-ID", "7",
                "X-WC-Webhook-Delivery-ID", deliveryId));
    }

    public Response send(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return execute(b.build());
    }

    public Response get(String path) {
        return execute(HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", apiKey).GET().build());
    }

    public Response getWithoutKey(String path) {
        return execute(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    /** GET as a metrics scraper (health details, /actuator/metrics): {@code Authorization: Bearer} the test token. */
    public Response getAsScraper(String path) {
        return execute(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + HubTestSupport.METRICS_TOKEN).GET().build());
    }

    public Response post(String path, String json) {
        return execute(HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    public Response patch(String path, String json) {
        return execute(HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", apiKey)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    public Response put(String path, String json) {
        return execute(HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", apiKey)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    public Response delete(String path) {
        return execute(HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", apiKey).DELETE().build());
    }

    private Response execute(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the condition holds (the hub processes deliveries asynchronously), failing after the timeout. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
    }

    public record Response(int status, String body, String contentType) {
        public JsonNode json() {
            return CanonicalJson.parse(body);
        }
    }
}
