package io.platformsim.jtl;

import io.platformsim.core.Secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The OAuth2 side of FFN: refresh tokens are single-use (each refresh answers a new one and retires the old one, a
 * retired one is refused with invalid_grant), access tokens expire after the configured lifetime.
 */
final class JtlOAuth {

    record Tokens(String accessToken, String refreshToken, long expiresIn) {
    }

    private final Duration accessTtl;
    private final Map<String, Boolean> refreshTokens = new HashMap<>();
    private final Map<String, Instant> accessTokens = new HashMap<>();
    private long refreshes;

    JtlOAuth(String initialRefreshToken, Duration accessTtl) {
        this.accessTtl = accessTtl;
        refreshTokens.put(initialRefreshToken, false);
    }

    /** Exchanges a live refresh token for new tokens; empty when it is unknown or already used. */
    synchronized Optional<Tokens> refresh(String refreshToken) {
        Boolean used = refreshToken == null ? null : refreshTokens.get(refreshToken);
        if (used == null || used) {
            return Optional.empty();
        }
        refreshTokens.put(refreshToken, true);
        refreshes++;
        return Optional.of(issue());
    }

    /** A fresh refresh token (as an authorization-code login would give), e.g. for a test or a new hub install. */
    synchronized String newRefreshToken() {
        String t = Secrets.random("rt_", 24);
        refreshTokens.put(t, false);
        return t;
    }

    private Tokens issue() {
        String access = "eyJhbGciOiJub25lIn0." + Secrets.random("", 32);
        accessTokens.put(access, Instant.now().plus(accessTtl));
        accessTokens.entrySet().removeIf(e -> e.getValue().isBefore(Instant.now()));
        String refresh = Secrets.random("rt_", 24);
        refreshTokens.put(refresh, false);
        return new Tokens(access, refresh, accessTtl.toSeconds());
    }

    synchronized boolean validAccessToken(String token) {
        Instant expiry = token == null ? null : accessTokens.get(token);
        return expiry != null && expiry.isAfter(Instant.now());
    }

    synchronized long refreshes() {
        return refreshes;
    }
}
