package io.platformsim.demo;

import io.platformsim.admin.AdminSimulator;
import io.platformsim.core.Secrets;
import io.platformsim.PlatformSimulators;
import io.platformsim.core.CatalogueSpec;
import io.platformsim.jtl.JtlConfig;
import io.platformsim.shopify.ShopifyConfig;
import io.platformsim.woocommerce.WooConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Under the {@code demo} profile only: starts the Shopify, WooCommerce and JTL-FFN simulators on loopback ports
 * before the hub's beans are created, and puts the hub properties that point at them (base URLs and freshly generated
 * credentials, never logged) in front of every other property source. Runs after the config-data processor so
 * profiles from the command line and application.yaml are known. Registered in META-INF/spring.factories.
 */
public class DemoEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROFILE = "demo";

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.acceptsProfiles(Profiles.of(PROFILE)) || environment.getPropertySources().contains(DemoPlatformsPropertySource.NAME)) {
            return;
        }
        DemoSettings settings = DemoSettings.from(environment);
        int ploomesSize = DemoPloomes.catalogueSize(environment);
        CatalogueSpec catalogue = CatalogueSpec.of(settings.catalogueSize(), settings.seed());
        PlatformSimulators simulators = new PlatformSimulators(
                ShopifyConfig.defaults().withPort(settings.shopifyPort()).withCatalogue(catalogue),
                WooConfig.defaults().withPort(settings.wooPort()).withCatalogue(catalogue),
                JtlConfig.defaults().withPort(settings.jtlPort()).withCatalogue(catalogue)).start();
        Map<String, Object> properties = new LinkedHashMap<>(simulators.hubProperties());
        properties.put("synchub.jtl.poll-interval", settings.jtlPollInterval());
        // the storefront's admin panel: products and categories pulled by the hub, availability and holds asked of it
        String adminKey = Secrets.random("adm_", 24);
        AdminSimulator admin = new AdminSimulator(environment.getProperty(DemoSettings.PREFIX + "admin-port", Integer.class, 0), adminKey).start();
        DemoStorefront.seed(admin);
        properties.put("ADMIN_BASE_URL", admin.baseUrl());
        properties.put("ADMIN_API_KEY", adminKey);
        properties.put("ADMIN_PRODUCTS_POLL_INTERVAL", "30s");
        properties.put("ADMIN_CATEGORIES_POLL_INTERVAL", "60s");
        // Ploomes only when asked for (PLATFORMSIM_DEMO_PLOOMES_CATALOGUE_SIZE > 0): see DemoPloomes
        var ploomes = DemoPloomes.startIfAsked(environment, ploomesSize, settings.seed(), properties);
        environment.getPropertySources().addFirst(new DemoPlatformsPropertySource(simulators, settings, properties, admin, ploomes));
    }
}
