package io.synchub.bench;

import io.platformsim.woocommerce.WooSimulator;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * The whole hub with WooCommerce pointed at an in-process {@link WooSimulator} on loopback (which journals every request
 * with its arrival time). The hub reads a target's base URL at call time, so a benchmark can switch simulators (e.g. one
 * with a rate limit) without a new Spring context. Timers that would interfere (reconciliation, JTL) are pushed out.
 */
@TestPropertySource(properties = {
        "logging.level.io.synchub=WARN",
        "logging.level.org.apache.camel=WARN",
        "logging.level.io.platformsim=WARN",
        "synchub.reconcile.interval=1h",
        "synchub.reconcile.initial-delay=1h",
        "synchub.reconcile.initial-lookback=100000h",
})
abstract class SimulatedWooBenchSupport extends HubTestSupport {

    private static final String SOURCE = "bench-woocommerce-target";

    @Autowired
    ConfigurableEnvironment environment;

    @DynamicPropertySource
    static void noWooYet(DynamicPropertyRegistry r) {
        r.add("synchub.channels.woocommerce.base-url", () -> "");
    }

    /** From now on the hub's WooCommerce (pushes and reconciliation) is this simulator. */
    void pointWooCommerceAt(WooSimulator woo) {
        Map<String, Object> p = new HashMap<>();
        p.put("synchub.channels.woocommerce.base-url", woo.baseUrl());
        p.put("synchub.channels.woocommerce.consumer-key", woo.config().consumerKey());
        p.put("synchub.channels.woocommerce.consumer-secret", woo.config().consumerSecret());
        environment.getPropertySources().remove(SOURCE);
        environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, p));
    }

    @AfterEach
    void detachWooCommerce() {
        environment.getPropertySources().remove(SOURCE);
        jdbc.update("DELETE FROM outbox WHERE status = 'pending'");
    }

    long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
