package io.synchub.pos;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real POS WebSocket client (java.net.http) that records every text message with the time it arrived. */
public final class PosSocket implements WebSocket.Listener, AutoCloseable {

    /** A message and when it arrived; parsed on demand, off the client's selector thread, so parsing never delays the next arrival. */
    public record Received(long nanos, String text) {
        public JsonNode json() {
            return CanonicalJson.parse(text);
        }
    }

    private final LinkedBlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    private final List<Received> all = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    public static CompletableFuture<PosSocket> connect(HttpClient http, int port, String store, String token, String origin) {
        PosSocket client = new PosSocket();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (origin != null) {
            b.header("Origin", origin);
        }
        String query = token == null ? "" : "?token=" + token;
        return b.buildAsync(URI.create("ws://localhost:" + port + "/ws/sync/" + store + query), client)
                .thenApply(ws -> {
                    client.socket = ws;
                    return client;
                });
    }

    public static PosSocket open(HttpClient http, int port, String store, String token) {
        return connect(http, port, store, token, null).orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            Received r = new Received(System.nanoTime(), partial.toString());
            partial.setLength(0);
            queue.add(r);
            all.add(r);
        }
        webSocket.request(1);
        return null;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next message whose "type" is {@code type} (others are skipped), or null after the timeout. */
    public JsonNode next(String type, Duration timeout) throws InterruptedException {
        Received r = nextReceived(type, timeout);
        return r == null ? null : r.json();
    }

    public Received nextReceived(String type, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Received r = queue.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                return null;
            }
            if (type.equals(r.json().path("type").asText())) {
                return r;
            }
        }
    }

    /** Every message received so far of the given type and entity type. */
    public List<JsonNode> received(String type, String entityType) {
        return all.stream().map(Received::json).filter(j -> type.equals(j.path("type").asText()))
                .filter(j -> entityType == null || entityType.equals(j.path("entity_type").asText())).toList();
    }

    public void clear() {
        queue.clear();
        all.clear();
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
