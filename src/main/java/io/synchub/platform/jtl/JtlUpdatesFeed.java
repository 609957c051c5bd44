package io.synchub.platform.jtl;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.outbox.ErrorClass;
import io.synchub.outbox.PushFailure;
import io.synchub.platform.PlatformPacing;
import io.synchub.platform.PlatformRegistry;
import io.synchub.runs.RequestPacer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads one window of a JTL-FFN {@code …/updates} feed (stock, outbounds): {@code fromDate} = the stored cursor,
 * {@code toDate} = now, pages through {@code moreDataAvailable}/{@code nextChunkUrl}, hands every entry to the caller
 * and moves the cursor to the window's end. Runs inside the caller's transaction, which holds the cursor row
 * ({@code FOR UPDATE SKIP LOCKED}: one hub instance per feed), so the cursor advances only if everything the window
 * applied commits.
 */
@Component
public class JtlUpdatesFeed {

    private final JdbcTemplate jdbc;
    private final JtlTokens tokens;
    private final String baseUrl;
    private final PlatformRegistry platforms;
    private final PlatformPacing pacing;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public JtlUpdatesFeed(JdbcTemplate jdbc, JtlTokens tokens, PlatformRegistry platforms, PlatformPacing pacing,
                          @Value("${synchub.jtl.base-url}") String baseUrl) {
        this.platforms = platforms;
        this.pacing = pacing;
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** What one window read: its bounds, how many pages and entries, and how many entries the caller applied. */
    public record Window(Instant from, Instant to, int pages, int entries, int applied) {
    }

    /**
     * @param path  e.g. {@code /v1/merchant/stocks/updates}
     * @param apply applies one entry, true when it changed something
     * @return empty when another hub instance is reading this feed
     */
    public Optional<Window> readWindow(String cursorName, String path, String extraQuery, Duration initialLookback,
                                       String token, String feedName, Predicate<JsonNode> apply) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                cursorName, now.minus(initialLookback).toString(), Timestamp.from(now));
        List<String> cursor = jdbc.queryForList("SELECT cursor_value FROM poll_cursors WHERE name = ? FOR UPDATE SKIP LOCKED",
                String.class, cursorName);
        if (cursor.isEmpty()) {
            return Optional.empty();
        }
        Instant from = Instant.parse(cursor.get(0));
        String url = baseUrl + path + "?fromDate=" + enc(from.toString()) + "&toDate=" + enc(now.toString()) + extraQuery
                + "&ignoreOwnApplicationId=true";
        int pages = 0;
        int entries = 0;
        int applied = 0;
        String windowEnd = now.toString();
        while (url != null) {
            JsonNode page = get(url, token, feedName);
            pages++;
            for (JsonNode entry : page.path("data")) {
                entries++;
                if (apply.test(entry)) {
                    applied++;
                }
            }
            if (page.hasNonNull("to")) {
                windowEnd = page.get("to").asText();
            }
            url = page.path("moreDataAvailable").asBoolean(false) && page.hasNonNull("nextChunkUrl")
                    ? resolve(page.get("nextChunkUrl").asText()) : null;
        }
        Instant next = parseInstant(windowEnd, now);
        jdbc.update("UPDATE poll_cursors SET cursor_value = ?, updated_at = ? WHERE name = ?", next.toString(),
                Timestamp.from(Instant.now()), cursorName);
        return Optional.of(new Window(from, next, pages, entries, applied));
    }

    public String cursor(String cursorName) {
        return jdbc.queryForList("SELECT cursor_value FROM poll_cursors WHERE name = ?", String.class, cursorName)
                .stream().findFirst().orElse(null);
    }

    private JsonNode get(String url, String token, String feedName) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        // JTL's one request schedule: a poll's pages take turns with the pushes (the call-jtl route)
        RequestPacer pacer = pacing.forPulls(platforms.get("jtl"));
        try {
            pacer.acquire();
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PushFailure(ErrorClass.NETWORK, "the JTL " + feedName + " is unreachable (" + e
                    + "); the cursor is kept and the next poll retries");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PushFailure(ErrorClass.NETWORK, "interrupted while reading the JTL " + feedName);
        }
        if (response.statusCode() == 429) {
            pacer.holdBack(RequestPacer.retryAfterMillis(response.headers().firstValue("Retry-After").orElse(null)));
        }
        if (response.statusCode() == 401) {
            tokens.invalidate();
        }
        if (response.statusCode() != 200) {
            throw PushFailure.ofStatus(response.statusCode(), "the JTL " + feedName + " answered HTTP " + response.statusCode()
                    + " for " + url + "; the cursor is kept and the next poll retries", null);
        }
        return CanonicalJson.parse(response.body());
    }

    /** nextChunkUrl may be absolute, relative to the host (/api/v1/…) or relative to the API base (/v1/…). */
    String resolve(String next) {
        if (next.startsWith("http://") || next.startsWith("https://")) {
            return next;
        }
        URI base = URI.create(baseUrl);
        String basePath = base.getPath() == null ? "" : base.getPath();
        String path = next.startsWith("/") ? next : "/" + next;
        if (!basePath.isEmpty() && !path.startsWith(basePath + "/")) {
            path = basePath + path;
        }
        return base.getScheme() + "://" + base.getRawAuthority() + path;
    }

    /** A JTL timestamp (with or without offset), or the fallback when it is missing or unreadable. */
    public static Instant parseInstant(String text, Instant fallback) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            try {
                return Instant.parse(text);
            } catch (RuntimeException e2) {
                return fallback;
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
