package io.synchub.platform.jtl;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.outbox.ErrorClass;
import io.synchub.outbox.PushFailure;
import io.synchub.outbox.PushRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * JTL-FFN access tokens through the OAuth2 refresh-token grant. JTL refresh tokens are single-use, so each refresh
 * runs in a transaction that locks the stored token, calls the token endpoint and stores the new refresh token;
 * the access token is used only after that commit. {@code JTL_REFRESH_TOKEN} seeds the chain once; a different
 * value in the environment (an operator's new login) starts a new chain.
 */
@Component("jtlTokens")
public class JtlTokens {

    static final String NAME = "jtl";
    private static final Logger LOG = LoggerFactory.getLogger(JtlTokens.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String seedToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private volatile String accessToken;
    private volatile Instant expiresAt = Instant.EPOCH;
    private volatile String lastError;
    private volatile Instant lastRefreshAt;

    public JtlTokens(JdbcTemplate jdbc, PlatformTransactionManager txManager,
                     @Value("${synchub.jtl.token-url:https://oauth2.api.jtl-software.com/token}") String tokenUrl,
                     @Value("${synchub.jtl.client-id:}") String clientId,
                     @Value("${synchub.jtl.client-secret:}") String clientSecret,
                     @Value("${synchub.jtl.refresh-token:}") String seedToken) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.seedToken = seedToken;
    }

    /** {@code Authorization} header value for FFN calls. */
    public String bearer() {
        return "Bearer " + accessToken();
    }

    public synchronized String accessToken() {
        if (accessToken != null && Instant.now().isBefore(expiresAt)) {
            return accessToken;
        }
        try {
            tx.executeWithoutResult(s -> seedFromEnvironment());
            String[] fresh = tx.execute(s -> refreshLocked());
            accessToken = fresh[0];
            expiresAt = Instant.now().plusSeconds(Math.max(30, Long.parseLong(fresh[1]) - 60));
            lastError = null;
            lastRefreshAt = Instant.now();
            return accessToken;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            accessToken = null;
            throw e;
        }
    }

    /** Forgets the cached access token (e.g. after the FFN answered 401). */
    public void invalidate() {
        accessToken = null;
    }

    public String lastError() {
        return lastError;
    }

    public Instant lastRefreshAt() {
        return lastRefreshAt;
    }

    private String[] refreshLocked() {
        List<String> rows = jdbc.queryForList("SELECT refresh_token FROM oauth_tokens WHERE name = ? FOR UPDATE", String.class, NAME);
        if (rows.isEmpty()) {
            throw new PushRejected(ErrorClass.AUTH, "JTL has no refresh token: log in to JTL-FFN (authorization-code grant) and set "
                    + "JTL_REFRESH_TOKEN to the refresh token you received");
        }
        String form = "grant_type=refresh_token&refresh_token=" + URLEncoder.encode(rows.get(0), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PushFailure(ErrorClass.NETWORK, "the JTL token endpoint " + tokenUrl + " is unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PushFailure(ErrorClass.NETWORK, "interrupted while refreshing the JTL token");
        }
        if (response.statusCode() >= 500 || response.statusCode() == 429) {
            throw new PushFailure(ErrorClass.ofStatus(response.statusCode()), "the JTL token endpoint answered HTTP "
                    + response.statusCode() + "; the refresh token is kept and tried again later");
        }
        JsonNode body;
        try {
            body = CanonicalJson.parse(response.body());
        } catch (IllegalArgumentException e) {
            body = CanonicalJson.object();
        }
        if (response.statusCode() != 200 || !body.hasNonNull("access_token") || !body.hasNonNull("refresh_token")) {
            String reason = body.path("error").asText("HTTP " + response.statusCode())
                    + (body.hasNonNull("error_description") ? " (" + body.get("error_description").asText() + ")" : "");
            String message = "JTL rejected the stored refresh token: " + reason + ". It expired or was already used: log in to "
                    + "JTL-FFN again, set JTL_REFRESH_TOKEN to the new refresh token and restart the hub; the stock cursor is kept";
            LOG.error(message);
            throw new PushRejected(ErrorClass.AUTH, message);
        }
        // single-use: the new refresh token is stored before the access token is used (commit of this transaction)
        jdbc.update("UPDATE oauth_tokens SET refresh_token = ?, updated_at = ? WHERE name = ?",
                body.get("refresh_token").asText(), Timestamp.from(Instant.now()), NAME);
        return new String[]{body.get("access_token").asText(), body.path("expires_in").asText("1800")};
    }

    private void seedFromEnvironment() {
        if (seedToken == null || seedToken.isBlank()) {
            return;
        }
        String hash = sha256(seedToken);
        List<String> seeds = jdbc.queryForList("SELECT seed_hash FROM oauth_tokens WHERE name = ? FOR UPDATE", String.class, NAME);
        Timestamp now = Timestamp.from(Instant.now());
        if (seeds.isEmpty()) {
            jdbc.update("INSERT INTO oauth_tokens (name, refresh_token, seed_hash, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    NAME, seedToken, hash, now);
        } else if (!hash.equals(seeds.get(0))) {
            LOG.info("JTL_REFRESH_TOKEN changed: starting a new refresh-token chain from it");
            jdbc.update("UPDATE oauth_tokens SET refresh_token = ?, seed_hash = ?, updated_at = ? WHERE name = ?", seedToken, hash, now, NAME);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
