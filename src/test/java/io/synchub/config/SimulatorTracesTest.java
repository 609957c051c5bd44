package io.synchub.config;

import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside the demo, a store holding what the simulators leave behind is recognised (one WARN at start-up names it). */
class SimulatorTracesTest extends HubTestSupport {

    @Autowired
    SimulatorTraces traces;

    @Test
    void aProductWithASimulatorSkuIsFoundAndRealDataIsNot() {
        assertThat(hub.post("/api/v1/products", "{\"sku\":\"REAL-1\",\"name\":\"Real shirt\"}").status()).isEqualTo(201);
        assertThat(traces.found()).isNull();

        assertThat(hub.post("/api/v1/products", "{\"sku\":\"SIM-000007\",\"name\":\"Simulated shirt\"}").status()).isEqualTo(201);
        assertThat(traces.found()).startsWith("1 products with SKU SIM-*, 0 deliveries from synchub-sim.myshopify.com");
    }
}
