package io.synchub.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.synchub.orders.events.OrderEventBroadcaster;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEndpoint;
import org.springframework.stereotype.Component;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code synchub_sse_clients} (order-event streams open) and {@code synchub_websocket_clients} (POS sockets
 * connected to the hub's WebSocket port).
 */
@Component
class ClientMetrics {

    private final CamelContext camel;

    ClientMetrics(MeterRegistry registry, OrderEventBroadcaster sse, CamelContext camel) {
        this.camel = camel;
        Gauge.builder("synchub_sse_clients", sse, OrderEventBroadcaster::clients)
                .description("order-event SSE clients connected").register(registry);
        Gauge.builder("synchub_websocket_clients", this, ClientMetrics::webSocketClients)
                .description("POS WebSocket clients connected").strongReference(true).register(registry);
    }

    /**
     * The Vert.x WebSocket component keeps its peers per host and port; its endpoint lists them only through a
     * protected method, read here reflectively. Peers are counted once however many endpoints share the port.
     */
    private double webSocketClients() {
        Set<Object> peers = new HashSet<>();
        for (Endpoint endpoint : camel.getEndpoints()) {
            if (endpoint instanceof VertxWebsocketEndpoint ws) {
                try {
                    Method m = VertxWebsocketEndpoint.class.getDeclaredMethod("findPeersForHostPort");
                    m.setAccessible(true);
                    Object found = m.invoke(ws);
                    if (found instanceof Map<?, ?> map) {
                        peers.addAll(map.keySet());
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return Double.NaN;
                }
            }
        }
        return peers.size();
    }
}
