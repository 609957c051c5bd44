package io.synchub.platform.jtl;

import io.synchub.outbox.PushTargets;
import io.synchub.platform.PlatformRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} component {@code jtl}: DOWN with the reason while the token or the stock feed fails. */
@Component("jtlHealthIndicator")
public class JtlHealthIndicator implements HealthIndicator {

    private static final String ORIGIN = "JTL";

    private final PushTargets targets;
    private final PlatformRegistry platforms;
    private final JtlTokens tokens;
    private final JtlStockFeed feed;

    public JtlHealthIndicator(PushTargets targets, PlatformRegistry platforms, JtlTokens tokens, JtlStockFeed feed) {
        this.targets = targets;
        this.platforms = platforms;
        this.tokens = tokens;
        this.feed = feed;
    }

    @Override
    public Health health() {
        if (!targets.enabled(ORIGIN)) {
            return Health.unknown().withDetail("enabled", false).withDetail("reason", disabledReason()).build();
        }
        String error = tokens.lastError() != null ? tokens.lastError() : feed.lastPollError();
        Health.Builder b = error == null ? Health.up() : Health.down().withDetail("error", error);
        b.withDetail("enabled", true).withDetail("stockCursor", String.valueOf(feed.cursor()));
        if (feed.lastPollAt() != null) {
            b.withDetail("lastPollAt", feed.lastPollAt().toString());
        }
        if (feed.lastPollSummary() != null) {
            b.withDetail("lastPoll", feed.lastPollSummary());
        }
        if (tokens.lastRefreshAt() != null) {
            b.withDetail("lastTokenRefreshAt", tokens.lastRefreshAt().toString());
        }
        return b.build();
    }

    /** Names the setting that actually disables JTL (a set client id with an empty base URL is not "client id not set"). */
    private String disabledReason() {
        boolean noClient = platforms.setting(ORIGIN, "clientId").isBlank();
        boolean noBase = platforms.baseUrl(ORIGIN).isBlank();
        if (noClient && noBase) {
            return "JTL_CLIENT_ID and JTL_BASE_URL are empty";
        }
        return noClient ? "JTL_CLIENT_ID is not set" : "JTL_BASE_URL is empty (unset it to use JTL's endpoint)";
    }
}
