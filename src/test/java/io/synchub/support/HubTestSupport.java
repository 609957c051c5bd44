package io.synchub.support;

import io.synchub.SyncHubApplication;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots the whole hub (real routes/ and mappings/ folders, real HTTP on a random port, a real database) for route
 * tests. Every subclass with the same configuration shares one application context.
 */
@CamelSpringBootTest
@AutoConfigureObservability
@SpringBootTest(classes = SyncHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "synchub.api-keys=" + HubTestSupport.API_KEY,
                "synchub.channels.shopify.webhook-secret=" + HubTestSupport.SECRET,
                "synchub.channels.woocommerce.webhook-secret=" + HubTestSupport.SECRET,
                "synchub.inbox.poll-delay-ms=50",
                "synchub.pos.websocket.heartbeat-interval=2s",
                "synchub.operator.metrics-token=" + HubTestSupport.METRICS_TOKEN,
        })
public abstract class HubTestSupport {

    public static final String API_KEY = "test-api-key";
    public static final String SECRET = "test-secret";
    /** Bearer token for health details and metrics (HubClient.getAsScraper). */
    public static final String METRICS_TOKEN = "test-metrics-token";
    /** The operator's password, for the tests that enable operator access (the shared context runs without one). */
    public static final String OPERATOR_PASSWORD = "test-operator-password";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected HubClient hub;

    /** The POS WebSocket's own port, a free one per application context (cached contexts stay alive side by side). */
    @Value("${synchub.pos.websocket.port}")
    protected int wsPort;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
        int ws = freePort();
        registry.add("synchub.pos.websocket.port", () -> ws);
    }

    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no free port for the POS WebSocket", e);
        }
    }

    @BeforeEach
    void startFromEmptyStore() {
        TestDatabase.clean(jdbc);
        hub = new HubClient("http://localhost:" + port, API_KEY);
    }
}
