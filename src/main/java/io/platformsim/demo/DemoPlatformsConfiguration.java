package io.platformsim.demo;

import io.platformsim.admin.AdminSimulator;
import io.platformsim.PlatformSimulators;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * The demo inside the hub's process, active only under the {@code demo} profile: takes over the simulators the
 * {@link DemoEnvironmentPostProcessor} started (closing them with the context) and runs the {@link DemoScenario}
 * once the hub is ready. Registered in META-INF/spring/…AutoConfiguration.imports, so the hub's own packages stay
 * untouched.
 */
@AutoConfiguration
@Profile(DemoEnvironmentPostProcessor.PROFILE)
public class DemoPlatformsConfiguration {

    @Bean(destroyMethod = "close")
    public PlatformSimulators demoPlatformSimulators(ConfigurableEnvironment environment) {
        return source(environment).simulators();
    }

    @Bean(destroyMethod = "close")
    public DemoScenario demoScenario(PlatformSimulators demoPlatformSimulators, ConfigurableEnvironment environment) {
        return new DemoScenario(demoPlatformSimulators, source(environment).settings(), environment);
    }

    @Bean(destroyMethod = "close")
    public DemoStorefront demoStorefront(ConfigurableEnvironment environment) {
        AdminSimulator admin = source(environment).admin();
        return new DemoStorefront(admin, environment);
    }

    @Bean(destroyMethod = "close")
    public AdminSimulator demoAdminSimulator(ConfigurableEnvironment environment) {
        return source(environment).admin();
    }

    @Bean(destroyMethod = "close")
    public DemoPloomes demoPloomes(ConfigurableEnvironment environment) {
        return DemoPloomes.of(source(environment).ploomes(), environment);
    }

    private static DemoPlatformsPropertySource source(Environment environment) {
        if (environment instanceof ConfigurableEnvironment c
                && c.getPropertySources().get(DemoPlatformsPropertySource.NAME) instanceof DemoPlatformsPropertySource s) {
            return s;
        }
        throw new IllegalStateException("the demo profile is active but the platform simulators were not started: "
                + "META-INF/spring.factories must register io.platformsim.demo.DemoEnvironmentPostProcessor");
    }
}
