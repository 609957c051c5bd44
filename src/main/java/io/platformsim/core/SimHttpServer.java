package io.platformsim.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of one simulator: the JDK's HttpServer bound to the loopback interface only, every API request
 * recorded in the {@link RequestJournal}, faults of the {@link FaultPlan} applied before the handler runs, unknown
 * paths answered in the platform's error style. Admin endpoints under {@code /_sim/} (request journal, faults) are
 * neither recorded nor faulted. Threads are daemons: a simulator never keeps a JVM alive on its own.
 */
public final class SimHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(SimHttpServer.class);

    private final String name;
    private final Routes routes;
    private final ErrorStyle errors;
    private final RequestJournal journal;
    private final FaultPlan faults;
    private HttpServer server;
    private ExecutorService workers;

    public SimHttpServer(String name, Routes routes, ErrorStyle errors, RequestJournal journal, FaultPlan faults) {
        this.name = name;
        this.routes = routes;
        this.errors = errors;
        this.journal = journal;
        this.faults = faults;
    }

    /** Binds 127.0.0.1:{port} (0 = a free port) and starts serving with {@code threads} workers. */
    public synchronized void start(int port, int threads) {
        if (server != null) {
            throw new IllegalStateException(name + " simulator is already running on port " + port());
        }
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
            AtomicInteger n = new AtomicInteger();
            workers = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "sim-" + name + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            s.setExecutor(workers);
            s.createContext("/", this::handle);
            startAsDaemon(s);
            server = s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the " + name + " simulator on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** HttpServer's dispatcher thread inherits daemon status from the thread that starts it. */
    private static void startAsDaemon(HttpServer s) {
        CountDownLatch started = new CountDownLatch(1);
        Thread starter = new Thread(() -> {
            s.start();
            started.countDown();
        }, "sim-http-starter");
        starter.setDaemon(true);
        starter.start();
        try {
            started.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            workers.shutdownNow();
            server = null;
        }
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException(name + " simulator is not running");
        }
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String rawQuery = ex.getRequestURI().getRawQuery();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            SimRequest request = new SimRequest(ex.getRequestMethod(), path, rawQuery, SimRequest.parseQuery(rawQuery),
                    headers, body, Map.of(), baseUrl());
            if (path.startsWith("/_sim/")) {
                send(ex, admin(request));
                return;
            }
            Instant at = Instant.now();
            String faultName = null;
            SimResponse response;
            Optional<FaultPlan.Fault> fault = faults.decide(at);
            try {
                faults.delay();
                if (fault.isPresent()) {
                    faultName = fault.get().kind().name();
                    response = faultResponse(fault.get());
                } else {
                    response = dispatch(request);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                response = errors.error(503, "shutting_down", "the simulator is stopping");
            }
            journal.add(new RecordedRequest(journal.nextSequence(), at, request.method(), path, rawQuery,
                    redacted(headers), new String(body, java.nio.charset.StandardCharsets.UTF_8), response.status(), faultName));
            send(ex, response);
        }
    }

    private SimResponse dispatch(SimRequest request) {
        Routes.Match match = routes.match(request.method(), request.path());
        if (match.handler().isEmpty()) {
            return match.pathKnown()
                    ? errors.error(405, "method_not_allowed", request.method() + " is not supported on " + request.path())
                    : errors.error(404, "not_found", "no route matches " + request.path());
        }
        try {
            return match.handler().get().handle(request.withPathParams(match.pathParams()));
        } catch (IllegalArgumentException e) {
            return errors.error(400, "invalid_request", e.getMessage());
        } catch (Exception e) {
            LOG.warn("{} simulator failed on {} {}: {}", name, request.method(), request.path(), e.toString(), e);
            return errors.error(500, "internal_error", "the " + name + " simulator failed: " + e.getMessage());
        }
    }

    private SimResponse faultResponse(FaultPlan.Fault fault) {
        return switch (fault.kind()) {
            case OUTAGE -> errors.error(503, "service_unavailable", "simulated outage: the service is unavailable")
                    .withHeader("Retry-After", "5");
            case THROTTLE -> errors.error(429, "too_many_requests", "simulated throttling: too many requests")
                    .withHeader("Retry-After", "1.0");
            case ERROR -> errors.error(500, "internal_error", "simulated internal server error");
            case FORCED -> errors.error(fault.status(), "forced_failure", "simulated failure (status " + fault.status() + ")");
        };
    }

    /**
     * {@code GET /_sim/requests?limit=} the journal · {@code DELETE /_sim/requests} clears it ·
     * {@code POST /_sim/faults} {errorRate, throttleRate, latencyMs, jitterMs, outageSeconds, failNext, failStatus} ·
     * {@code DELETE /_sim/faults} back to healthy.
     */
    private SimResponse admin(SimRequest r) {
        try {
            if (r.path().equals("/_sim/requests") && r.method().equals("GET")) {
                int limit = r.param("limit") == null ? 100 : Integer.parseInt(r.param("limit"));
                ObjectNode o = Json.object().put("total", journal.total());
                o.set("items", journal.toJson(limit));
                return SimResponse.json(200, o);
            }
            if (r.path().equals("/_sim/requests") && r.method().equals("DELETE")) {
                journal.clear();
                return SimResponse.empty(204);
            }
            if (r.path().equals("/_sim/faults") && r.method().equals("DELETE")) {
                faults.clear();
                return SimResponse.empty(204);
            }
            if (r.path().equals("/_sim/faults") && r.method().equals("POST")) {
                JsonNode f = r.json();
                if (f.has("errorRate")) {
                    faults.errorRate(f.get("errorRate").asDouble());
                }
                if (f.has("throttleRate")) {
                    faults.throttleRate(f.get("throttleRate").asDouble());
                }
                if (f.has("latencyMs") || f.has("jitterMs")) {
                    faults.latency(Duration.ofMillis(f.path("latencyMs").asLong()), Duration.ofMillis(f.path("jitterMs").asLong()));
                }
                if (f.has("outageSeconds")) {
                    faults.outageNow(Duration.ofMillis((long) (f.get("outageSeconds").asDouble() * 1000)));
                }
                if (f.has("failNext")) {
                    faults.failNext(f.get("failNext").asInt(), f.path("failStatus").asInt(500));
                }
                return SimResponse.json(200, Json.object().put("status", "applied"));
            }
        } catch (IllegalArgumentException e) {
            return SimResponse.json(400, Json.object().put("error", "invalid_request").put("message", e.getMessage()));
        }
        return SimResponse.json(404, Json.object().put("error", "not_found").put("message",
                "admin endpoints: GET|DELETE /_sim/requests, POST|DELETE /_sim/faults"));
    }

    private static Map<String, String> redacted(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, RequestJournal.REDACTED.contains(k) ? "[redacted]" : v));
        return out;
    }

    private static void send(HttpExchange ex, SimResponse response) throws IOException {
        response.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        boolean noBody = response.body().length == 0 || response.status() == 204 || "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(response.body());
            }
        }
    }
}
