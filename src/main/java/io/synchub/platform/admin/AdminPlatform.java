package io.synchub.platform.admin;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin panel as declared in {@code mappings/admin/platform.yaml}: base URL, key header, timeout and the
 * method + path of each endpoint. Validated when loaded (a broken declaration stops the start with the reason);
 * the base URL, key and timeout are read from the environment variables the file names.
 */
@Component
public class AdminPlatform {

    static final List<String> ENDPOINTS = List.of("products", "categories", "availability", "createHold", "getHold",
            "releaseHold", "confirmHold", "createOrder");

    /** One declared endpoint. */
    public record Endpoint(String method, String path) {
        public String path(String holdId) {
            return holdId == null ? path : path.replace("{holdId}", java.net.URLEncoder.encode(holdId, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private final String origin;
    private final String baseUrl;
    private final String keyHeader;
    private final String apiKey;
    private final Duration timeout;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

    public AdminPlatform(@Value("${synchub.mappings-dir:mappings}") String mappingsDir, Environment env) {
        Path file = Path.of(mappingsDir, "admin", "platform.yaml");
        Map<String, Object> root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the admin panel declaration " + file + ": " + e.getMessage(), e);
        }
        if (root == null) {
            throw invalid(file, "the file is empty");
        }
        origin = text(root, "origin", file);
        Map<String, Object> base = map(root, "baseUrl", file);
        baseUrl = stripSlash(env.getProperty(text(base, "env", file), ""));
        Map<String, Object> auth = map(root, "auth", file);
        keyHeader = text(auth, "header", file);
        apiKey = env.getProperty(text(auth, "env", file), "");
        Map<String, Object> t = map(root, "timeout", file);
        String timeoutText = env.getProperty(text(t, "env", file), String.valueOf(t.getOrDefault("default", "800ms")));
        try {
            timeout = DurationStyle.detectAndParse(timeoutText.trim());
        } catch (IllegalArgumentException e) {
            throw invalid(file, "timeout '" + timeoutText + "' is not a duration such as 800ms or 2s");
        }
        Map<String, Object> eps = map(root, "endpoints", file);
        for (String name : ENDPOINTS) {
            String decl = text(eps, name, file);
            String[] parts = decl.trim().split("\\s+");
            if (parts.length != 2 || !parts[0].matches("GET|POST|PUT|PATCH|DELETE") || !parts[1].startsWith("/")) {
                throw invalid(file, "endpoint '" + name + "' must read 'METHOD /path', got '" + decl + "'");
            }
            endpoints.put(name, new Endpoint(parts[0], parts[1]));
        }
    }

    public boolean configured() {
        return !baseUrl.isEmpty();
    }

    public String origin() {
        return origin;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String keyHeader() {
        return keyHeader;
    }

    String apiKey() {
        return apiKey;
    }

    public Duration timeout() {
        return timeout;
    }

    public Endpoint endpoint(String name) {
        Endpoint e = endpoints.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no admin endpoint '" + name + "'");
        }
        return e;
    }

    private static String stripSlash(String s) {
        String t = s.trim();
        return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key, Path file) {
        Object v = m.get(key);
        if (!(v instanceof Map)) {
            throw invalid(file, "'" + key + "' is missing or not a section");
        }
        return (Map<String, Object>) v;
    }

    private static String text(Map<String, Object> m, String key, Path file) {
        Object v = m.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            throw invalid(file, "'" + key + "' is missing");
        }
        return String.valueOf(v);
    }

    private static IllegalStateException invalid(Path file, String why) {
        return new IllegalStateException("invalid admin panel declaration " + file + ": " + why);
    }
}
