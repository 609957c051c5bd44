package io.synchub.orders.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One dashboard connected over SSE. Everything it is sent goes through its own bounded queue and is written by the
 * shared sender pool, one task at a time per client, so the thread that stored an event never writes to a socket
 * and a client that stops reading holds at most one sender thread (which the broadcaster replaces).
 *
 * Memory stays bounded: the queue holds at most {@code capacity} items. When it overflows (a burst, or a client
 * that reads slowly) the queued events are dropped and the client is switched back to catching up from the event
 * table, exactly like a replay; a client that stops reading altogether therefore costs one blocked write and an
 * empty queue until the container's write timeout closes its connection.
 *
 * Replay and live: the subscription is registered with the broadcaster before it reads the table, and live events
 * that arrive meanwhile are parked (bounded too; on overflow the table is simply read on). After the catch-up the
 * parked events above the last one sent are queued. Ids only ever increase on the wire, so nothing is sent twice,
 * and because ids follow commit order, nothing is skipped.
 */
final class SseSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(SseSubscription.class);
    private static final int REPLAY_PAGE = 500;
    private static final int SEND_BATCH = 64;

    /** Something to write: an event (id, name, JSON). */
    record Outgoing(long id, String name, String json) {
    }

    private final SseEmitter emitter;
    private final OrderEventFilter filter;
    private final int capacity;
    private final Executor senders;
    private final OrderEventLog log;
    private final Consumer<SseSubscription> onClosed;
    private final Consumer<SseSubscription> onFinished;
    private final long retryMillis;
    /** The client's API key, hashed (null when not known): streams are limited per key. */
    private final String keyId;

    private final Object lock = new Object();
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private final ArrayDeque<OrderEvent> parked = new ArrayDeque<>();
    /** false while catching up from the table: live events are parked, not queued. */
    private boolean live;
    private boolean parkedOverflow;
    private boolean draining;
    private boolean closing;
    /** Highest event id this client's stream has passed (sent or filtered out): the id heartbeats carry. */
    private long position;
    /** Highest event id written to the socket (written only by the task that drains). */
    private volatile long lastSent;
    private volatile boolean closed;
    private volatile long writingSince;
    private long overflows;

    SseSubscription(SseEmitter emitter, OrderEventFilter filter, long startAfter, int capacity, Executor senders, OrderEventLog log,
                    long retryMillis, Consumer<SseSubscription> onClosed, Consumer<SseSubscription> onFinished, String keyId) {
        this.emitter = emitter;
        this.keyId = keyId;
        this.filter = filter;
        this.capacity = capacity;
        this.senders = senders;
        this.log = log;
        this.retryMillis = retryMillis;
        this.onClosed = onClosed;
        this.onFinished = onFinished;
        this.position = startAfter;
        this.lastSent = startAfter;
        this.draining = true; // the start task owns the emitter until it hands over to live
    }

    /** Runs on the sender pool: connected, refresh advice, catch-up from the table, then live. */
    void start(boolean refresh, long refreshTo, String connectedJson, String refreshJson) {
        senders.execute(() -> {
            try {
                send(new Outgoing(lastSent, OrderEventType.CONNECTED.wire(), connectedJson), true);
                if (refresh) {
                    synchronized (lock) {
                        position = refreshTo;
                    }
                    lastSent = refreshTo;
                    send(new Outgoing(refreshTo, OrderEventType.POLLING_DATA_REFRESH.wire(), refreshJson), false);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("SSE client gone before its replay: {}", e.toString());
                closeNow();
                return;
            }
            drain();
        });
    }

    /** Called by the broadcaster's dispatcher for every committed event, in id order. Never blocks on the socket. */
    void offer(OrderEvent e) {
        boolean schedule;
        synchronized (lock) {
            if (closed || closing) {
                return;
            }
            if (!live) {
                if (filter.matches(e) && !parkedOverflow) {
                    if (parked.size() >= capacity) {
                        parkedOverflow = true; // the catch-up reads on from the table instead
                        parked.clear();
                    } else {
                        parked.add(e);
                    }
                }
                return;
            }
            if (e.id() <= position) {
                return;
            }
            position = e.id();
            if (filter.matches(e)) {
                enqueue(new Outgoing(e.id(), e.type(), e.json()));
            }
            schedule = scheduleIfIdle();
        }
        if (schedule) {
            senders.execute(this::drain);
        }
    }

    /** Queues a heartbeat carrying the stream position (so a reconnect resumes after what this client has passed). */
    void heartbeat(String json) {
        boolean schedule;
        synchronized (lock) {
            if (closed || closing || !live) {
                return;
            }
            enqueue(new Outgoing(position, OrderEventType.HEARTBEAT.wire(), json));
            schedule = scheduleIfIdle();
        }
        if (schedule) {
            senders.execute(this::drain);
        }
    }

    /** Asks the stream to end (server shutdown): written after what is queued. */
    void requestClose() {
        boolean schedule;
        synchronized (lock) {
            if (closed || closing) {
                return;
            }
            closing = true;
            schedule = scheduleIfIdle();
        }
        if (schedule) {
            senders.execute(this::drain);
        }
    }

    /**
     * Drops a client whose write has been blocked too long (it stopped reading): no more events for it, nothing held
     * for it; its connection is completed as soon as the blocked write returns or the container times it out.
     */
    void drop() {
        synchronized (lock) {
            if (closed || closing) {
                return;
            }
            closing = true;
            queue.clear();
            parked.clear();
        }
        LOG.info("SSE client dropped: a write to it has been blocked for too long (it stopped reading)");
        onClosed.accept(this);
    }

    /** The emitter's own completion, timeout or error callback: forget everything queued. */
    void closed() {
        synchronized (lock) {
            closed = true;
            queue.clear();
            parked.clear();
        }
        onClosed.accept(this);
        onFinished.accept(this);
    }

    String keyId() {
        return keyId;
    }

    int queued() {
        synchronized (lock) {
            return queue.size() + parked.size();
        }
    }

    long overflows() {
        synchronized (lock) {
            return overflows;
        }
    }

    /** Nanotime at which the write in progress started, 0 when none is: a write that takes long means a stuck client. */
    long writingSince() {
        return writingSince;
    }

    // --- under lock ---

    private void enqueue(Outgoing o) {
        if (queue.size() >= capacity) {
            // the client reads slower than events come: forget the queue and catch up from the table instead
            overflows++;
            queue.clear();
            live = false;
            parkedOverflow = false;
            position = lastSent;
            return;
        }
        queue.add(o);
    }

    private boolean scheduleIfIdle() {
        if (draining) {
            return false;
        }
        draining = true;
        return true;
    }

    // --- the draining task (one at a time per subscription) ---

    private void drain() {
        int sent = 0;
        try {
            while (true) {
                Outgoing next;
                boolean catchUp = false;
                synchronized (lock) {
                    if (closed) {
                        draining = false;
                        return;
                    }
                    next = queue.poll();
                    if (next == null) {
                        if (closing) {
                            draining = false;
                            closeNow();
                            return;
                        }
                        if (live) {
                            draining = false;
                            return;
                        }
                        catchUp = true;
                    }
                }
                if (catchUp) {
                    catchUpFromTable();
                    continue;
                }
                boolean heartbeat = next.name().equals(OrderEventType.HEARTBEAT.wire());
                if (heartbeat || next.id() > lastSent) {
                    send(next, false);
                    if (!heartbeat) {
                        lastSent = next.id();
                    }
                }
                if (++sent >= SEND_BATCH) {
                    // let other clients have the thread; continue in a fresh task (draining stays true)
                    senders.execute(this::drain);
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("SSE client gone: {}", e.toString());
            closeNow();
        }
    }

    /** Sends what the table holds after the last event sent, then goes live with what was parked meanwhile. */
    private void catchUpFromTable() throws IOException {
        while (!closed) {
            List<OrderEvent> page = log.after(lastSent, filter, REPLAY_PAGE);
            for (OrderEvent e : page) {
                send(new Outgoing(e.id(), e.type(), e.json()), false);
                lastSent = e.id();
            }
            if (page.size() == REPLAY_PAGE) {
                continue;
            }
            synchronized (lock) {
                if (parkedOverflow) {
                    parkedOverflow = false;
                    continue; // too much arrived meanwhile: read on from the table
                }
                position = Math.max(position, lastSent);
                for (OrderEvent e : parked) {
                    if (e.id() > position) {
                        position = e.id();
                        queue.add(new Outgoing(e.id(), e.type(), e.json()));
                    }
                }
                parked.clear();
                live = true;
            }
            return;
        }
    }

    private void send(Outgoing o, boolean withRetry) throws IOException {
        SseEmitter.SseEventBuilder b = SseEmitter.event().id(Long.toString(o.id())).name(o.name()).data(o.json());
        if (withRetry) {
            b.reconnectTime(retryMillis);
        }
        writingSince = System.nanoTime();
        try {
            emitter.send(b);
        } finally {
            writingSince = 0;
        }
    }

    private void closeNow() {
        synchronized (lock) {
            closed = true;
            queue.clear();
            parked.clear();
        }
        onClosed.accept(this);
        onFinished.accept(this);
        try {
            emitter.complete();
        } catch (RuntimeException ignored) {
            // already completed by the container
        }
    }
}
