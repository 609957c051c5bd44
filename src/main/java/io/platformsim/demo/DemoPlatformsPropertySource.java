package io.platformsim.demo;

import io.platformsim.admin.AdminSimulator;
import io.platformsim.PlatformSimulators;
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

    DemoPlatformsPropertySource(PlatformSimulators simulators, DemoSettings settings, Map<String, Object> properties) {
        this(simulators, settings, properties, null);
    }

    DemoPlatformsPropertySource(PlatformSimulators simulators, DemoSettings settings, Map<String, Object> properties,
                                AdminSimulator admin) {
        super(NAME, properties);
        this.simulators = simulators;
        this.settings = settings;
        this.admin = admin;
    }

    /** The admin panel simulator of the storefront demo. */
    AdminSimulator admin() {
        return admin;
    }

    PlatformSimulators simulators() {
        return simulators;
    }

    DemoSettings settings() {
        return settings;
    }
}
