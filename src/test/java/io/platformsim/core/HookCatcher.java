package io.platformsim.core;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/** A stand-in webhook receiver on a loopback port: keeps every delivery (headers + exact body bytes), answers 200. */
public final class HookCatcher implements AutoCloseable {

    public record Delivery(Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new ArrayList<>();
    private volatile int status = 200;

    public HookCatcher() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", ex -> {
            try (ex; InputStream in = ex.getRequestBody()) {
                byte[] body = in.readAllBytes();
                Map<String, String> h = new LinkedHashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v.get(0)));
                synchronized (deliveries) {
                    deliveries.add(new Delivery(h, body));
                }
                ex.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void answer(int status) {
        this.status = status;
    }

    public List<Delivery> deliveries() {
        synchronized (deliveries) {
            return new ArrayList<>(deliveries);
        }
    }

    /** Waits until a delivery matching the filter arrives (fails after the timeout). */
    public Delivery await(Duration timeout, Predicate<Delivery> filter) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (Delivery d : deliveries()) {
                if (filter.test(d)) {
                    return d;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching webhook delivery within " + timeout + "; got " + deliveries().size() + " others");
    }

    /** Polls a condition (deliveries are asynchronous), failing after the timeout. */
    public static void await(Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("condition not met within " + timeout);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
