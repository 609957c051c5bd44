package io.synchub.pos;

import io.synchub.api.ApiKeys;
import io.synchub.api.ErrorBody;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The handshake check of the POS WebSocket ({@code /ws/sync/{storeId}} on SYNCHUB_WS_PORT): a valid API key
 * ({@code ?token=} or {@code X-API-Key}) and, when the client is a browser (it sends {@code Origin}), an origin from
 * {@code synchub.pos.websocket.allowed-origins}. Rejected before the upgrade with a JSON 401/403/400. The router is
 * handed to the vertx-websocket consumer (routes/notify-pos-websocket.yaml, {@code router=#posWebSocketRouter}).
 */
@Configuration
public class PosWebSocketGate {

    @Bean(destroyMethod = "close")
    Vertx posVertx() {
        return Vertx.vertx();
    }

    /** The vertx-websocket component serves on the same Vert.x instance as the gate's router. */
    @Bean
    ComponentCustomizer posVertxForWebsockets(Vertx posVertx) {
        return ComponentCustomizer.forType(VertxWebsocketComponent.class, c -> c.setVertx(posVertx));
    }

    @Bean("posWebSocketRouter")
    Router posWebSocketRouter(Vertx posVertx, ApiKeys keys,
                              @Value("${synchub.pos.websocket.allowed-origins:}") String allowedOrigins) {
        Set<String> origins = Arrays.stream(allowedOrigins.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(PosWebSocketGate::normaliseOrigin).collect(Collectors.toSet());
        Router router = Router.router(posVertx);
        router.route("/ws/sync/*").order(-1).handler(ctx -> admit(ctx, keys, origins));
        return router;
    }

    static void admit(RoutingContext ctx, ApiKeys keys, Set<String> origins) {
        HttpServerRequest request = ctx.request();
        String key = request.getParam("token");
        if (key == null) {
            key = request.getHeader("X-API-Key");
        }
        if (!keys.valid(key)) {
            reject(ctx, 401, "unauthorized", "connect with a valid API key: ?token=<key> (keys are configured by SYNCHUB_API_KEYS)");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !origins.contains("*") && !origins.contains(normaliseOrigin(origin))) {
            reject(ctx, 403, "origin_not_allowed", "the origin " + origin
                    + " may not open the POS WebSocket; add it to SYNCHUB_WS_ALLOWED_ORIGINS");
            return;
        }
        String path = request.path();
        String store = path.substring(path.lastIndexOf('/') + 1);
        if (!store.matches("[A-Za-z0-9._-]{1,100}") || !path.equals("/ws/sync/" + store)) {
            reject(ctx, 400, "bad_request", "connect to /ws/sync/<storeId>; a store id is 1 to 100 letters, digits, '.', '_' or '-'");
            return;
        }
        ctx.next();
    }

    private static void reject(RoutingContext ctx, int status, String code, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(ErrorBody.json(code, message));
    }

    private static String normaliseOrigin(String origin) {
        String o = origin.trim().toLowerCase(java.util.Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
