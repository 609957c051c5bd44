package io.synchub.platform.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.synchub.canonical.CanonicalJson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls the admin panel's declared endpoints with its key, each within {@code ADMIN_TIMEOUT}, behind one
 * resilience4j circuit breaker: refusals, timeouts, 5xx and 401 count as failures; other 4xx are answers (a 409
 * says something about the stock, not about the panel's health). While the breaker is open calls fail at once.
 */
@Component
public class AdminClient {

    /** The panel's status and parsed body (null when empty or not JSON). */
    public record Answer(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final AdminPlatform platform;
    private final HttpClient http;
    private final CircuitBreaker breaker;

    public AdminClient(AdminPlatform platform,
                       @Value("${synchub.outbox.circuit-breaker.failure-rate:50}") float failureRate,
                       @Value("${synchub.outbox.circuit-breaker.minimum-calls:10}") int minimumCalls,
                       @Value("${synchub.outbox.circuit-breaker.window:20}") int window,
                       @Value("${synchub.admin.circuit-wait-in-open:10s}") Duration waitInOpen) {
        this.platform = platform;
        this.http = HttpClient.newBuilder().connectTimeout(platform.timeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.breaker = CircuitBreaker.of("admin", CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRate)
                .minimumNumberOfCalls(minimumCalls)
                .slidingWindowSize(Math.max(window, minimumCalls))
                .waitDurationInOpenState(waitInOpen)
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(t -> t instanceof AdminUnavailable)
                .build());
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public Answer call(String endpoint, String holdId, String query, JsonNode body, String idempotencyKey) {
        if (!platform.configured()) {
            throw new AdminUnavailable("the admin panel is not configured (ADMIN_BASE_URL is empty)", null);
        }
        try {
            return breaker.executeSupplier(() -> send(endpoint, holdId, query, body, idempotencyKey));
        } catch (CallNotPermittedException e) {
            throw new AdminUnavailable("the admin panel's circuit breaker is open after repeated failures", e);
        }
    }

    private Answer send(String endpoint, String holdId, String query, JsonNode body, String idempotencyKey) {
        AdminPlatform.Endpoint e = platform.endpoint(endpoint);
        String url = platform.baseUrl() + e.path(holdId) + (query == null || query.isEmpty() ? "" : "?" + query);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(platform.timeout())
                .header("Accept", "application/json");
        if (!platform.apiKey().isEmpty()) {
            b.header(platform.keyHeader(), platform.apiKey());
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(e.method(), HttpRequest.BodyPublishers.ofString(CanonicalJson.write(body), StandardCharsets.UTF_8));
        } else {
            b.method(e.method(), HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException ex) {
            throw new AdminUnavailable("the admin panel did not answer " + e.method() + " " + e.path()
                    + " within " + platform.timeout().toMillis() + " ms: " + ex.getClass().getSimpleName(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AdminUnavailable("interrupted while calling the admin panel", ex);
        }
        if (r.statusCode() >= 500 || r.statusCode() == 401 || r.statusCode() == 403 || r.statusCode() == 429) {
            throw new AdminUnavailable("the admin panel answered " + r.statusCode() + " to " + e.method() + " " + e.path(), null);
        }
        JsonNode json = null;
        if (r.body() != null && !r.body().isBlank()) {
            try {
                json = CanonicalJson.parse(r.body());
            } catch (IllegalArgumentException ex) {
                json = null;
            }
        }
        return new Answer(r.statusCode(), json);
    }
}
