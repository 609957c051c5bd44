package io.synchub.orders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real Server-Sent-Events client over a real socket, as a dashboard's EventSource: reads the stream line by line
 * (java.net.http, non-blocking) and parses {@code id:}, {@code event:}, {@code data:} and {@code retry:} fields.
 * {@link #stopReading()} stops taking lines, so the socket fills up like a frozen browser tab's.
 */
public final class SseTestClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    /** One parsed event. */
    public record Event(String id, String name, String data, Long retry, long receivedNanos) {
    }

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private volatile Flow.Subscription subscription;
    private volatile int status;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();

    public static SseTestClient connect(String url, String apiKey, String lastEventId) {
        SseTestClient c = new SseTestClient();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", apiKey)
                .header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HTTP.sendAsync(b.build(), info -> {
            c.status = info.statusCode();
            c.opened.complete(null);
            return HttpResponse.BodySubscribers.fromLineSubscriber(c.new Lines());
        }).whenComplete((r, t) -> {
            c.ended.set(true);
            c.opened.complete(null);
        });
        return c;
    }

    /** Waits until the response status is known; returns it. */
    public int status() {
        opened.orTimeout(10, TimeUnit.SECONDS).join();
        return status;
    }

    /** The next event that is not a heartbeat, or fails after the timeout. */
    public Event next(Duration timeout) {
        return next(timeout, e -> !"heartbeat".equals(e.name()));
    }

    public Event next(Duration timeout, Predicate<Event> which) {
        long end = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = end - System.nanoTime();
                Event e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no event within " + timeout + (ended.get() ? " (the stream has ended)" : ""));
                }
                if (which.test(e)) {
                    return e;
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ie);
        }
    }

    /** Events (heartbeats excluded) that arrive within the window. */
    public List<Event> drain(Duration window) {
        List<Event> out = new ArrayList<>();
        long end = System.nanoTime() + window.toNanos();
        try {
            while (true) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return out;
                }
                Event e = events.poll(left, TimeUnit.NANOSECONDS);
                if (e != null && !"heartbeat".equals(e.name())) {
                    out.add(e);
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return out;
        }
    }

    public int heartbeats() {
        return heartbeats.get();
    }

    public boolean ended() {
        return ended.get();
    }

    /** Stops requesting lines: the hub's writes to this socket pile up and finally block. */
    public void stopReading() {
        reading.set(false);
    }

    @Override
    public void close() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        ended.set(true);
    }

    private final class Lines implements Flow.Subscriber<String> {
        private String id;
        private String name;
        private StringBuilder data;
        private Long retry;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if (data != null || name != null) {
                    Event e = new Event(id, name == null ? "message" : name, data == null ? "" : data.toString(), retry, System.nanoTime());
                    if ("heartbeat".equals(e.name())) {
                        heartbeats.incrementAndGet();
                    }
                    events.add(e);
                }
                id = null;
                name = null;
                data = null;
                retry = null;
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                String d = line.substring(5);
                d = d.startsWith(" ") ? d.substring(1) : d;
                data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
            } else if (line.startsWith("retry:")) {
                retry = Long.parseLong(line.substring(6).trim());
            }
            if (reading.get()) {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            ended.set(true);
        }

        @Override
        public void onComplete() {
            ended.set(true);
        }
    }
}
