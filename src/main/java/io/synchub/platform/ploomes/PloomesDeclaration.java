package io.synchub.platform.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.ownership.DurationText;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Ploomes as a declared platform: {@code mappings/ploomes/platform.yaml} names the base URL, the key's header and
 * environment variable, page size, rate, concurrency, time zone and paths. Values come from the environment variable
 * each entry names (or its default); the file is validated when loaded, so a wrong value stops the start.
 */
@Component
public class PloomesDeclaration {

    public static final String ORIGIN = "PLOOMES";
    public static final String SOURCE = "ploomes";

    private final String baseUrl;
    private final String keyHeader;
    private final String userKey;
    private final String validationHeader;
    private final String validationKey;
    private final String hubUserId;
    private final String clientId;
    private final int pageSize;
    private final double requestsPerSecond;
    private final int concurrency;
    private final ZoneId zone;
    private final Duration timeout;
    private final String productsPath;
    private final List<String> expand = new ArrayList<>();

    public PloomesDeclaration(@Value("${synchub.mappings-dir:mappings}") String mappingsDir, Environment env) {
        Path file = Path.of(mappingsDir, "ploomes", "platform.yaml");
        JsonNode d = YamlFile.read(file);
        if (!ORIGIN.equals(d.path("origin").asText())) {
            throw new IllegalStateException(file + ": origin must be " + ORIGIN);
        }
        this.baseUrl = trimSlash(value(env, d, "baseUrl"));
        this.keyHeader = d.path("auth").path("header").asText("User-Key");
        this.userKey = value(env, d, "auth");
        this.validationHeader = d.path("webhook").path("header").asText("X-Ploomes-Validation-Key");
        this.validationKey = value(env, d, "webhook");
        this.hubUserId = value(env, d, "hubUser");
        this.clientId = value(env, d, "client");
        this.pageSize = positive(file, "pageSize", value(env, d, "pageSize"));
        this.concurrency = positive(file, "concurrency", value(env, d, "concurrency"));
        try {
            this.requestsPerSecond = Double.parseDouble(value(env, d, "requestsPerSecond"));
            this.zone = ZoneId.of(value(env, d, "timezone"));
            this.timeout = DurationText.parse(value(env, d, "timeout"));
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
        if (requestsPerSecond < 0) {
            throw new IllegalStateException(file + ": requestsPerSecond cannot be negative");
        }
        String products = d.path("endpoints").path("products").asText("");
        if (!products.startsWith("GET /")) {
            throw new IllegalStateException(file + ": endpoints.products must be 'GET /path'");
        }
        this.productsPath = products.substring(4).trim();
        d.path("expand").forEach(e -> expand.add(e.asText()));
    }

    private static String value(Environment env, JsonNode d, String entry) {
        JsonNode e = d.path(entry);
        String name = e.path("env").asText(null);
        String fallback = e.path("default").isMissingNode() ? "" : e.path("default").asText();
        String v = name == null ? null : env.getProperty(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static int positive(Path file, String entry, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + ": " + entry + " must be a positive integer, got '" + v + "'");
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public boolean enabled() {
        return !baseUrl.isEmpty() && !userKey.isEmpty();
    }

    public String baseUrl() { return baseUrl; }
    public String keyHeader() { return keyHeader; }
    public String userKey() { return userKey; }
    public String validationHeader() { return validationHeader; }
    public String validationKey() { return validationKey; }
    public String hubUserId() { return hubUserId; }
    public String clientId() { return clientId; }
    public int pageSize() { return pageSize; }
    public double requestsPerSecond() { return requestsPerSecond; }
    public int concurrency() { return concurrency; }
    public ZoneId zone() { return zone; }
    public Duration timeout() { return timeout; }
    public String productsPath() { return productsPath; }
    public List<String> expand() { return List.copyOf(expand); }
}
