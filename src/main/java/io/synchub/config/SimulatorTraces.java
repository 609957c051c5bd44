package io.synchub.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Outside the demo: one WARN at start-up when the store holds what the built-in simulators leave behind, the sign of
 * a database the demo used (the demo now has its own, ./data/demo). The simulators mark everything they create: every
 * SKU starts with {@code SIM-} and the simulated Shopify signs as shop {@code synchub-sim.myshopify.com}; real data
 * carries neither.
 */
@Component
@Profile("!demo")
public class SimulatorTraces {

    static final String SIMULATOR_SKU_PREFIX = "SIM-";
    static final String SIMULATOR_SHOP_DOMAIN = "synchub-sim.myshopify.com";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorTraces.class);

    private final JdbcTemplate jdbc;

    public SimulatorTraces(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void warnWhenPresent() {
        String found = found();
        if (found != null) {
            LOG.warn("This database holds simulator data ({}): it was used by the demo. The demo keeps its own database "
                    + "(./data/demo) now; point SPRING_DATASOURCE_URL at a clean database for real platforms", found);
        }
    }

    /** What was found ("106 products with SKU SIM-*, 240 deliveries from …"), or null when nothing. */
    String found() {
        try {
            Long products = jdbc.queryForObject("SELECT COUNT(*) FROM products WHERE sku LIKE ?", Long.class, SIMULATOR_SKU_PREFIX + "%");
            Long deliveries = jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE headers LIKE ?", Long.class, "%" + SIMULATOR_SHOP_DOMAIN + "%");
            if ((products == null || products == 0) && (deliveries == null || deliveries == 0)) {
                return null;
            }
            return products + " products with SKU " + SIMULATOR_SKU_PREFIX + "*, " + deliveries + " deliveries from " + SIMULATOR_SHOP_DOMAIN;
        } catch (DataAccessException e) {
            return null;   // a store without these tables has nothing to warn about
        }
    }
}
