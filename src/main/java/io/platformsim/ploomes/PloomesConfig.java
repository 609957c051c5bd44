package io.platformsim.ploomes;

import io.platformsim.core.Secrets;

import java.time.ZoneId;

/**
 * Settings of one simulated Ploomes account. {@code requestsPerMinute} is the per-User-Key limit (120 = a token
 * refill of 2 per second), {@code burst} how many requests may arrive at once before 429s start; 0 turns the limit
 * off. Timestamps are rendered without offset in {@code zone}, as Ploomes does.
 */
public record PloomesConfig(int port, String userKey, String validationKey, long accountId, long omieCreatorId,
                            long hubUserId, int requestsPerMinute, int burst, boolean nextLinks, ZoneId zone) {

    public static PloomesConfig defaults() {
        return new PloomesConfig(0, Secrets.random("", 40), Secrets.random("", 24), 100_401, 40_001, 90_001,
                120, 120, true, ZoneId.of("America/Sao_Paulo"));
    }

    public PloomesConfig withRequestsPerMinute(int perMinute, int burst) {
        return new PloomesConfig(port, userKey, validationKey, accountId, omieCreatorId, hubUserId, perMinute, burst, nextLinks, zone);
    }

    public PloomesConfig withNextLinks(boolean on) {
        return new PloomesConfig(port, userKey, validationKey, accountId, omieCreatorId, hubUserId, requestsPerMinute, burst, on, zone);
    }

    public PloomesConfig withPort(int p) {
        return new PloomesConfig(p, userKey, validationKey, accountId, omieCreatorId, hubUserId, requestsPerMinute, burst, nextLinks, zone);
    }
}
