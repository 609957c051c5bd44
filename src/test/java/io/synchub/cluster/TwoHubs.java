package io.synchub.cluster;

import io.synchub.SyncHubApplication;
import io.synchub.support.HubTestSupport;
import io.synchub.support.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hub instances as separate application contexts in the test JVM, all on ONE database (an H2 memory database both
 * contexts open, or one PostgreSQL schema): what several hub processes behind a proxy share.
 */
final class TwoHubs implements AutoCloseable {

    private final Map<String, Object> shared = new LinkedHashMap<>();
    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    TwoHubs(Map<String, Object> settings) {
        TestDatabase.register((name, value) -> shared.put(name, value.get()));
        shared.put("synchub.api-keys", HubTestSupport.API_KEY);
        shared.put("synchub.channels.shopify.webhook-secret", HubTestSupport.SECRET);
        shared.put("synchub.channels.woocommerce.webhook-secret", HubTestSupport.SECRET);
        shared.put("synchub.operator.metrics-token", HubTestSupport.METRICS_TOKEN);
        shared.put("synchub.inbox.poll-delay-ms", "50");
        shared.put("server.port", "0");
        shared.put("camel.main.jmx-enabled", "false");
        shared.put("spring.jmx.enabled", "false");
        shared.put("management.endpoints.jmx.exposure.exclude", "*");
        shared.putAll(settings);
    }

    /** Starts one more instance (one at a time: the first one migrates the database). */
    ConfigurableApplicationContext start() {
        Map<String, Object> props = new LinkedHashMap<>(shared);
        props.put("synchub.pos.websocket.port", HubTestSupport.freePort());
        // as command-line arguments: they must outrank application.yaml (server.port 8080)
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(SyncHubApplication.class).run(args);
        nodes.add(ctx);
        return ctx;
    }

    static int httpPort(ConfigurableApplicationContext ctx) {
        return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
    }

    static int wsPort(ConfigurableApplicationContext ctx) {
        return Integer.parseInt(ctx.getEnvironment().getProperty("synchub.pos.websocket.port"));
    }

    @Override
    public void close() {
        for (ConfigurableApplicationContext ctx : nodes) {
            if (ctx.isActive()) {
                ctx.close();
            }
        }
    }
}
