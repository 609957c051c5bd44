package io.platformsim.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers a platform's webhooks to the hub: a queue worked by a few sender threads, real HTTP POSTs, retries per the
 * platform's {@link WebhookPolicy}, every outcome kept. Targets must be loopback addresses: the simulators never send
 * load anywhere else.
 */
public final class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final int KEPT_OUTCOMES = 10_000;

    private final String name;
    private final WebhookPolicy policy;
    private final HttpClient http;
    private final BlockingQueue<Attempt> queue = new LinkedBlockingQueue<>();
    private final ExecutorService senders;
    private final ScheduledExecutorService retries;
    private final Deque<DeliveryOutcome> outcomes = new ArrayDeque<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile URI target;
    private volatile boolean disabled;
    private volatile boolean running = true;

    private record Attempt(WebhookDelivery delivery, int number) {
    }

    public WebhookSender(String name, WebhookPolicy policy, int concurrency) {
        this.name = name;
        this.policy = policy;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).followRedirects(HttpClient.Redirect.NEVER).build();
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(concurrency, r -> daemon(r, "sim-" + name + "-webhooks-" + n.incrementAndGet()));
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sim-" + name + "-webhook-retries"));
        for (int i = 0; i < concurrency; i++) {
            senders.execute(this::work);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Where deliveries go (null = nowhere: events are dropped, as with no subscription). Loopback only. */
    public void target(String url) {
        if (url == null || url.isBlank()) {
            target = null;
            return;
        }
        URI uri = URI.create(url);
        try {
            if (uri.getHost() == null || !InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("webhook target " + url + " is not a loopback address; the simulators send only to this machine");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("webhook target host " + uri.getHost() + " does not resolve", e);
        }
        target = uri;
        disabled = false;
        consecutiveFailures.set(0);
    }

    public String target() {
        return target == null ? null : target.toString();
    }

    public boolean subscribed() {
        return target != null && !disabled;
    }

    /** Queues a delivery; dropped (like an event without an active subscription) when there is no target. */
    public boolean submit(WebhookDelivery delivery) {
        if (!subscribed()) {
            return false;
        }
        inFlight.incrementAndGet();
        queue.add(new Attempt(delivery, 1));
        return true;
    }

    /** Queues a delivery after {@code delay} (WooCommerce's Action Scheduler runs webhook jobs a moment later). */
    public boolean submit(WebhookDelivery delivery, Duration delay) {
        if (delay.isZero()) {
            return submit(delivery);
        }
        if (!subscribed()) {
            return false;
        }
        inFlight.incrementAndGet();
        retries.schedule(() -> queue.add(new Attempt(delivery, 1)), delay.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    /** Deliveries queued or being sent (including those waiting for a retry). */
    public int pending() {
        return inFlight.get();
    }

    /** Blocks the caller while more than {@code max} deliveries are pending (back-pressure for bulk sends). */
    public void awaitPendingBelow(int max) throws InterruptedException {
        while (running && pending() > max) {
            Thread.sleep(5);
        }
    }

    public long delivered() {
        return delivered.get();
    }

    public long failed() {
        return failed.get();
    }

    /** WooCommerce disables a webhook after too many consecutive failures; an operator re-activates it. */
    public boolean disabled() {
        return disabled;
    }

    public void reactivate() {
        disabled = false;
        consecutiveFailures.set(0);
    }

    public synchronized List<DeliveryOutcome> outcomes() {
        return new ArrayList<>(outcomes);
    }

    public void stop() {
        running = false;
        senders.shutdownNow();
        retries.shutdownNow();
    }

    private void work() {
        while (running) {
            Attempt a;
            try {
                a = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                deliver(a);
            } catch (RuntimeException e) {
                LOG.warn("{} webhook {} could not be built: {}", name, a.delivery.topic(), e.toString());
                inFlight.decrementAndGet();
            }
        }
    }

    private void deliver(Attempt a) {
        URI uri = target;
        byte[] body = a.delivery.payload().get();
        int status = 0;
        if (uri != null && !disabled) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(policy.timeout())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            a.delivery.headers().headersFor(body, a.number).forEach(b::header);
            try {
                status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException e) {
                status = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        boolean ok = policy.success(status);
        if (ok) {
            consecutiveFailures.set(0);
        } else if (consecutiveFailures.getAndIncrement() > policy.maxConsecutiveFailures()) {
            // WooCommerce checks failure_count > 5 before counting this failure: disabled on the 7th in a row
            if (!disabled) {
                LOG.warn("{} webhook subscription disabled after {} consecutive failed deliveries (last status {})",
                        name, consecutiveFailures.get(), status);
            }
            disabled = true;
        }
        if (!ok && a.number <= policy.retries() && running && !disabled) {
            long delay = policy.firstRetry().toMillis() << Math.min(a.number - 1, 16);
            retries.schedule(() -> queue.add(new Attempt(a.delivery, a.number + 1)), delay, TimeUnit.MILLISECONDS);
            return;
        }
        (ok ? delivered : failed).incrementAndGet();
        record(new DeliveryOutcome(a.delivery.deliveryId(), a.delivery.topic(), a.delivery.resourceKey(), a.number, status, ok,
                Instant.now(), new String(body, StandardCharsets.UTF_8)));
        inFlight.decrementAndGet();
    }

    private synchronized void record(DeliveryOutcome o) {
        outcomes.addLast(o);
        while (outcomes.size() > KEPT_OUTCOMES) {
            outcomes.removeFirst();
        }
    }
}
