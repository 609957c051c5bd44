package io.synchub.bench;

import io.platformsim.woocommerce.WooConfig;
import io.platformsim.woocommerce.WooSimulator;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole hub with WooCommerce pointed at an in-process {@link WooSimulator} on loopback (which journals every request
 * with its arrival time). The hub resolves a platform's settings once (at first use), so it is configured at start-up
 * with one loopback port and one pair of keys; every simulator a benchmark starts ({@link #startWoo}) listens on that
 * port with those keys, one after the other (e.g. one with a rate limit). Timers that would interfere (reconciliation,
 * JTL) are pushed out.
 */
@QuietBenchHub
@TestPropertySource(properties = "synchub.reconcile.initial-lookback=100000h")
abstract class SimulatedWooBenchSupport extends HubTestSupport {

    /** The loopback port and keys every simulator of the class uses, known before the hub starts. */
    private static final int WOO_PORT = freePort();
    private static final WooConfig WOO = WooConfig.defaults().withPort(WOO_PORT);

    @Autowired
    ConfigurableEnvironment environment;

    @DynamicPropertySource
    static void wooOnOnePort(DynamicPropertyRegistry r) {
        r.add("synchub.channels.woocommerce.base-url", () -> "http://127.0.0.1:" + WOO_PORT);
        r.add("synchub.channels.woocommerce.consumer-key", WOO::consumerKey);
        r.add("synchub.channels.woocommerce.consumer-secret", WOO::consumerSecret);
    }

    /** The hub's WooCommerce: the base of {@code config} on the class's port, with the keys the hub was given. */
    static WooSimulator startWoo(WooConfig config) {
        return new WooSimulator(config.withPort(WOO_PORT).withCredentials(WOO.consumerKey(), WOO.consumerSecret(),
                WOO.webhookSecret())).start();
    }

    @AfterEach
    void dropPendingPushes() {
        jdbc.update("DELETE FROM outbox WHERE status = 'pending'");
    }

    long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    /** Waits until the store holds {@code expected} products, and checks it holds no more. */
    void awaitProducts(int expected, Duration timeout) {
        HubClient.await(timeout, expected + " products in the store", () -> count("SELECT COUNT(*) FROM products") >= expected);
        assertThat(count("SELECT COUNT(*) FROM products")).isEqualTo(expected);
    }
}
