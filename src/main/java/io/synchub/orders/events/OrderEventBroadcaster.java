package io.synchub.orders.events;

import io.synchub.canonical.CanonicalJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live delivery of committed order events to the SSE clients. One dispatcher thread tails the event table (woken
 * after each commit, and every poll interval anyway so events committed by other hub instances arrive too) and
 * hands each event, in id order, to every subscription's bounded queue; a small sender pool writes to the sockets.
 * Writers of order changes never wait for a client, and a slow or dead client never holds up the others.
 */
@Component
public class OrderEventBroadcaster implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(OrderEventBroadcaster.class);
    private static final int DISPATCH_PAGE = 1000;
    private static final int MAX_SENDER_THREADS = 256;
    private static final long STUCK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final OrderEventLog log;
    private final Duration heartbeat;
    private final Duration pollInterval;
    private final Duration retry;
    private final Duration maxConnection;
    private final Duration stuckTimeout;
    private final int clientQueue;
    private final int maxClients;
    private final int senderThreads;
    private final int maxPerKey;

    private final Set<SseSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    /** Every open stream, including those already dropped from fan-out whose last write is still pending. */
    private final Set<SseSubscription> subscriptionsWriting = ConcurrentHashMap.newKeySet();
    private final Semaphore wake = new Semaphore(0);
    private java.util.concurrent.ThreadPoolExecutor senders;
    private ScheduledExecutorService heartbeats;
    private Thread dispatcher;
    private volatile boolean running;
    private volatile long dispatched;

    public OrderEventBroadcaster(OrderEventLog log,
                                 @Value("${synchub.order-events.heartbeat:15s}") Duration heartbeat,
                                 @Value("${synchub.order-events.poll-interval:1s}") Duration pollInterval,
                                 @Value("${synchub.order-events.retry:3s}") Duration retry,
                                 @Value("${synchub.order-events.max-connection:30m}") Duration maxConnection,
                                 @Value("${synchub.order-events.stuck-timeout:30s}") Duration stuckTimeout,
                                 @Value("${synchub.order-events.client-queue:256}") int clientQueue,
                                 @Value("${synchub.order-events.max-clients:5000}") int maxClients,
                                 @Value("${synchub.order-events.sender-threads:8}") int senderThreads,
                                 @Value("${synchub.order-events.max-connections-per-key:500}") int maxPerKey) {
        this.maxPerKey = maxPerKey;
        this.log = log;
        this.heartbeat = heartbeat;
        this.pollInterval = pollInterval;
        this.retry = retry;
        this.maxConnection = maxConnection;
        this.stuckTimeout = stuckTimeout;
        this.clientQueue = clientQueue;
        this.maxClients = maxClients;
        this.senderThreads = senderThreads;
    }

    /**
     * Opens a stream for a client that last saw {@code lastEventId} (null: a new client, which gets only what happens
     * from now on). Throws 503 when the hub already serves its maximum number of clients.
     */
    public SseEmitter subscribe(OrderEventFilter filter, Long lastEventId) {
        return subscribe(filter, lastEventId, null);
    }

    /**
     * The same, for a client identified by {@code keyId} (its API key, hashed): one key holds at most
     * {@code synchub.order-events.max-connections-per-key} streams (429 beyond), so one dashboard that leaks
     * connections cannot use up the hub's.
     */
    public SseEmitter subscribe(OrderEventFilter filter, Long lastEventId, String keyId) {
        if (keyId != null && subscriptionsWriting.stream().filter(s -> keyId.equals(s.keyId())).count() >= maxPerKey) {
            throw new io.synchub.api.ApiException(429, "too_many_connections", "this API key already holds " + maxPerKey
                    + " event streams (synchub.order-events.max-connections-per-key); close one, or use one stream without a filter");
        }
        if (subscriptionsWriting.size() >= maxClients) {
            throw new io.synchub.api.ApiException(503, "too_many_clients", "the hub already serves " + maxClients
                    + " event-stream clients (synchub.order-events.max-clients); use the polling endpoint /api/v1/sync/events/poll or retry later");
        }
        long current = log.lastId();
        boolean refresh = lastEventId != null && log.needsRefresh(lastEventId);
        long startAfter = lastEventId == null || refresh ? current : lastEventId;
        SseEmitter emitter = new SseEmitter(maxConnection.toMillis());
        SseSubscription sub = new SseSubscription(emitter, filter, lastEventId == null ? current : lastEventId, clientQueue,
                senders, log, retry.toMillis(), subscriptions::remove, subscriptionsWriting::remove, keyId);
        emitter.onCompletion(sub::closed);
        emitter.onTimeout(() -> {
            sub.closed(); // the connection's lifetime is over: the client reconnects with Last-Event-ID
            emitter.complete();
        });
        emitter.onError(t -> sub.closed());
        subscriptionsWriting.add(sub);
        subscriptions.add(sub); // before the replay reads the table: nothing committed from now on can be missed
        String connected = control(OrderEventType.CONNECTED, CanonicalJson.object()
                .put("lastEventId", lastEventId == null ? current : lastEventId)
                .put("heartbeatSeconds", heartbeat.toSeconds())
                .put("retryMs", retry.toMillis())
                .set("filter", filterJson(filter)));
        String refreshJson = control(OrderEventType.POLLING_DATA_REFRESH, CanonicalJson.object()
                .put("reason", "events after id " + lastEventId + " are older than the retention of " + log.retention()
                        + " or no longer stored; reload the orders you show (GET /api/v1/orders/{orderID}) and continue from this event's id")
                .put("lastEventId", current));
        sub.start(refresh, startAfter, connected, refreshJson);
        return emitter;
    }

    @EventListener
    public void onCommitted(OrderEventsCommitted committed) {
        wake.release();
    }

    public int clients() {
        return subscriptions.size();
    }

    /** Streams still open, including dropped ones whose last write has not returned yet. */
    public int openStreams() {
        return subscriptionsWriting.size();
    }

    /** Events held in memory and not yet written, over all clients (for the benchmark and operators). */
    public long queuedEvents() {
        return subscriptionsWriting.stream().mapToLong(SseSubscription::queued).sum();
    }

    /** How often a client's queue overflowed and it fell back to catching up from the table. */
    public long overflows() {
        return subscriptionsWriting.stream().mapToLong(SseSubscription::overflows).sum();
    }

    static String control(OrderEventType type, com.fasterxml.jackson.databind.JsonNode data) {
        return new OrderEvent(0, null, null, type, data, Instant.now()).json();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode filterJson(OrderEventFilter f) {
        var o = CanonicalJson.object();
        if (f.orderRef() == null) {
            o.putNull("orderID");
        } else {
            o.put("orderID", f.orderRef());
        }
        var types = o.putArray("eventTypes");
        if (f.types() == null) {
            OrderEventType.STORED.stream().map(OrderEventType::wire).sorted().forEach(types::add);
        } else {
            f.types().stream().sorted().forEach(types::add);
        }
        if (f.tenantId() != null) {
            o.put("tenantId", f.tenantId());
        }
        if (f.bayId() != null) {
            o.put("bayId", f.bayId());
        }
        return o;
    }

    private void dispatchLoop() {
        while (running) {
            try {
                wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                List<OrderEvent> page;
                do {
                    page = log.after(dispatched, OrderEventFilter.ALL, DISPATCH_PAGE);
                    for (OrderEvent e : page) {
                        for (SseSubscription s : subscriptions) {
                            s.offer(e);
                        }
                        dispatched = e.id();
                    }
                } while (page.size() == DISPATCH_PAGE && running);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("order-event dispatch failed, retrying: {}", e.toString());
            }
        }
    }

    private void sendHeartbeats() {
        try {
            String json = control(OrderEventType.HEARTBEAT, CanonicalJson.object().put("clients", subscriptions.size()));
            for (SseSubscription s : subscriptions) {
                s.heartbeat(json);
            }
        } catch (RuntimeException e) {
            LOG.warn("heartbeat round failed: {}", e.toString());
        }
    }

    /**
     * A client that stops reading blocks the sender thread writing to it until the container's write timeout. Each
     * such stuck write gets a replacement thread (up to a cap), so stuck clients never starve the others.
     */
    private void compensateStuckWrites() {
        try {
            long now = System.nanoTime();
            long stuck = 0;
            for (SseSubscription s : subscriptionsWriting) {
                long since = s.writingSince();
                if (since != 0 && now - since > STUCK_NANOS) {
                    stuck++;
                    if (now - since > stuckTimeout.toNanos()) {
                        s.drop();
                    }
                }
            }
            int size = (int) Math.min(MAX_SENDER_THREADS, senderThreads + stuck);
            if (size > senders.getMaximumPoolSize()) {
                senders.setMaximumPoolSize(size);
                senders.setCorePoolSize(size);
            } else if (size < senders.getCorePoolSize()) {
                senders.setCorePoolSize(size);
                senders.setMaximumPoolSize(size);
            }
        } catch (RuntimeException e) {
            LOG.warn("sender pool adjustment failed: {}", e.toString());
        }
    }

    /** Sender threads in use now (the pool grows by one per stuck client write). */
    public int senderThreads() {
        return senders.getPoolSize();
    }

    @Override
    public void start() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory senderThreadsFactory = r -> {
            Thread t = new Thread(r, "sse-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        senders = new java.util.concurrent.ThreadPoolExecutor(senderThreads, senderThreads, 30, TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), senderThreadsFactory);
        senders.allowCoreThreadTimeOut(true);
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sse-heartbeat");
            t.setDaemon(true);
            return t;
        });
        dispatched = log.lastId();
        running = true;
        dispatcher = new Thread(this::dispatchLoop, "order-event-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
        heartbeats.scheduleAtFixedRate(this::sendHeartbeats, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        heartbeats.scheduleAtFixedRate(this::compensateStuckWrites, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        running = false;
        subscriptions.forEach(SseSubscription::requestClose);
        if (dispatcher != null) {
            dispatcher.interrupt();
        }
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        if (senders != null) {
            senders.shutdown();
            try {
                senders.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            senders.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // stop before the web server stops accepting, so streams end cleanly and clients reconnect elsewhere
        return Integer.MAX_VALUE - 100;
    }
}
