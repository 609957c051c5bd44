package io.synchub.platform.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.runs.RequestPacer;
import io.synchub.runs.RunCounters;
import io.synchub.runs.RunCounters.ErrorClass;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One GET against the Ploomes API, as the pull needs it: every request waits for its slot of the one shared
 * {@link RequestPacer} (PLOOMES_REQUESTS_PER_SECOND), a 429 holds everyone back for its Retry-After, network errors
 * and 5xx are retried after 1 s, 2 s, 4 s (… 8 s) with jitter, at most {@code max-retries} times; after that the
 * circuit opens and the caller waits out {@code breaker-open} before one more try, until {@code max-outage} has
 * passed. 401/403 (authentication) and 400 (validation) are never retried. Every request and error is counted on the
 * run.
 */
@Component
public class PloomesApi {

    /** A request that cannot succeed by retrying (bad key, refused query) or a platform gone for too long. */
    public static final class Failed extends RuntimeException {
        private final ErrorClass kind;

        Failed(ErrorClass kind, String message) {
            super(message);
            this.kind = kind;
        }

        public ErrorClass kind() {
            return kind;
        }
    }

    private final PloomesDeclaration platform;
    private final HttpClient http;
    private final RequestPacer pacer;
    private final Duration retryBase;
    private final int maxRetries;
    private final Duration breakerOpen;
    private final Duration maxOutage;
    private final int maxRateLimited;
    private volatile Instant openUntil = Instant.EPOCH;
    private volatile String lastError;

    public PloomesApi(PloomesDeclaration platform,
                      @Value("${synchub.ploomes.retry-base:1s}") Duration retryBase,
                      @Value("${synchub.ploomes.max-retries:3}") int maxRetries,
                      @Value("${synchub.ploomes.breaker-open:30s}") Duration breakerOpen,
                      @Value("${synchub.ploomes.max-outage:10m}") Duration maxOutage,
                      @Value("${synchub.ploomes.max-rate-limited-per-request:50}") int maxRateLimited) {
        this.platform = platform;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        this.pacer = new RequestPacer(platform.requestsPerSecond());
        this.retryBase = retryBase;
        this.maxRetries = maxRetries;
        this.breakerOpen = breakerOpen;
        this.maxOutage = maxOutage;
        this.maxRateLimited = maxRateLimited;
    }

    /** GETs {@code pathAndQuery} (relative to the base URL) or an absolute next link of the same host. */
    public JsonNode get(String pathAndQuery, RunCounters run) throws InterruptedException {
        URI uri = URI.create(pathAndQuery.startsWith("http") ? pathAndQuery : platform.baseUrl() + pathAndQuery);
        if (!uri.toString().startsWith(platform.baseUrl())) {
            throw new Failed(ErrorClass.validation, "refusing a link outside the Ploomes base URL: " + uri.getHost());
        }
        Instant giveUpAt = Instant.now().plus(maxOutage);
        int retries = 0;
        int rateLimited = 0;
        boolean refused = false;
        while (true) {
            waitWhileOpen();
            if (!refused) {
                // a request refused with 429 is asked again in the slot it held: it did not count against the limit
                pacer.acquire();
            }
            refused = false;
            run.requests.incrementAndGet();
            String problem;
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(platform.timeout())
                        .header(platform.keyHeader(), platform.userKey()).header("Accept", "application/json").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                int s = r.statusCode();
                if (s >= 200 && s < 300) {
                    openUntil = Instant.EPOCH;
                    lastError = null;
                    return CanonicalJson.parse(r.body());
                }
                if (s == 429) {
                    run.rateLimited.incrementAndGet();
                    run.error(ErrorClass.rate_limit, "429 on " + uri.getPath() + ", Retry-After " + r.headers().firstValue("Retry-After").orElse("-"));
                    if (++rateLimited > maxRateLimited) {
                        throw new Failed(ErrorClass.rate_limit, "Ploomes kept answering 429 (" + rateLimited + " times) for one request");
                    }
                    // the Ploomes pull waits out up to two minutes (the pacer's default cap is one)
                    pacer.waitOutRefusal(RequestPacer.retryAfterMillis(r.headers().firstValue("Retry-After").orElse(null), 120_000));
                    refused = true;
                    continue;
                }
                if (s == 401 || s == 403) {
                    lastError = "authentication: HTTP " + s;
                    run.error(ErrorClass.authentication, "HTTP " + s + " on " + uri.getPath() + ": the User-Key was refused");
                    throw new Failed(ErrorClass.authentication, "Ploomes refused the User-Key (HTTP " + s + ")");
                }
                if (s >= 400 && s < 500) {
                    run.error(ErrorClass.validation, "HTTP " + s + " on " + uri.getPath() + ": " + abbreviate(r.body()));
                    throw new Failed(ErrorClass.validation, "Ploomes refused the query (HTTP " + s + "): " + abbreviate(r.body()));
                }
                problem = "HTTP " + s + " on " + uri.getPath();
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + " on " + uri.getPath() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            run.error(ErrorClass.network, problem);
            lastError = "network: " + problem;
            if (retries < maxRetries) {
                long delay = retryBase.toMillis() << retries;
                Thread.sleep(delay + ThreadLocalRandom.current().nextLong(delay / 4 + 1));
                retries++;
                continue;
            }
            if (Instant.now().isAfter(giveUpAt)) {
                throw new Failed(ErrorClass.network, "Ploomes unreachable for longer than " + maxOutage + ": " + problem);
            }
            openUntil = Instant.now().plus(breakerOpen);
            retries = 0;
        }
    }

    private void waitWhileOpen() throws InterruptedException {
        long ms = Duration.between(Instant.now(), openUntil).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    /** "closed" or "open until …" (health). */
    public String breakerState() {
        return Instant.now().isBefore(openUntil) ? "open until " + openUntil : "closed";
    }

    public String lastError() {
        return lastError;
    }

    public RequestPacer pacer() {
        return pacer;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) : s;
    }
}
