package io.platformsim.demo;

import org.springframework.core.env.Environment;

import java.time.Duration;

/**
 * The knobs of the demo ({@code platformsim.demo.*}, or env vars such as PLATFORMSIM_DEMO_CATALOGUE_SIZE): catalogue
 * size and seed, simulator ports (0 = free ports), how soon after start-up the catalogue is sent, merchant price edits
 * and warehouse stock movements per second, how often a conflicting edit and a fault (an API outage) happen, how often
 * a customer orders on Shopify and the warehouse moves its outbounds one status on, how often WooCommerce rejects
 * pushes (dead letters) and how long the demo waits before it replays them.
 */
public record DemoSettings(int catalogueSize, long seed, int shopifyPort, int wooPort, int jtlPort, Duration startDelay,
                           double priceEditsPerSecond, double stockChangesPerSecond, Duration conflictEvery,
                           Duration faultEvery, Duration faultLength, double errorRate, String jtlPollInterval,
                           Duration orderEvery, Duration shipEvery, Duration rejectEvery, Duration replayAfter) {

    static final String PREFIX = "platformsim.demo.";

    static DemoSettings from(Environment env) {
        return new DemoSettings(
                env.getProperty(PREFIX + "catalogue-size", Integer.class, 60),
                env.getProperty(PREFIX + "seed", Long.class, 42L),
                env.getProperty(PREFIX + "shopify-port", Integer.class, 0),
                env.getProperty(PREFIX + "woo-port", Integer.class, 0),
                env.getProperty(PREFIX + "jtl-port", Integer.class, 0),
                duration(env, "start-delay", "1s"),
                env.getProperty(PREFIX + "price-edits-per-second", Double.class, 0.5),
                env.getProperty(PREFIX + "stock-changes-per-second", Double.class, 1.0),
                duration(env, "conflict-every", "45s"),
                duration(env, "fault-every", "90s"),
                duration(env, "fault-length", "20s"),
                env.getProperty(PREFIX + "error-rate", Double.class, 0.0),
                env.getProperty(PREFIX + "jtl-poll-interval", "10s"),
                duration(env, "order-every", "30s"),
                duration(env, "ship-every", "20s"),
                duration(env, "reject-every", "2m"),
                duration(env, "replay-after", "1m"));
    }

    private static Duration duration(Environment env, String key, String fallback) {
        String text = env.getProperty(PREFIX + key, fallback).trim();
        try {
            return org.springframework.boot.convert.DurationStyle.detectAndParse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + key + " must be a duration such as 30s or 2m, got '" + text + "'", e);
        }
    }
}
