package io.platformsim.demo;

import io.platformsim.admin.AdminSimulator;
import io.platformsim.PlatformSimulators;
import io.platformsim.ploomes.PloomesSimulator;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * The hub properties that point the hub at the in-process simulators, carrying the simulators themselves so the demo
 * configuration can take them over (one set per application context, no static state).
 */
final class DemoPlatformsPropertySource extends MapPropertySource {

    static final String NAME = "platformsim-demo";

    private final PlatformSimulators simulators;
    private final DemoSettings settings;
    private final AdminSimulator admin;
    private final PloomesSimulator ploomes;

    DemoPlatformsPropertySource(PlatformSimulators simulators, DemoSettings settings, Map<String, Object> properties) {
        this(simulators, settings, properties, null, null);
    }

    DemoPlatformsPropertySource(PlatformSimulators simulators, DemoSettings settings, Map<String, Object> properties,
                                AdminSimulator admin, PloomesSimulator ploomes) {
        super(NAME, properties);
        this.ploomes = ploomes;
        this.simulators = simulators;
        this.settings = settings;
        this.admin = admin;
    }

    /** The admin panel simulator of the storefront demo. */
    AdminSimulator admin() {
        return admin;
    }

    /** The Ploomes simulator when the demo asked for one, else null. */
    PloomesSimulator ploomes() {
        return ploomes;
    }

    PlatformSimulators simulators() {
        return simulators;
    }

    DemoSettings settings() {
        return settings;
    }
}
