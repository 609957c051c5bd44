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
 * and a client that stops reading only ever holds one sender thread. When its queue overflows it is dropped and
 * disconnected (it reconnects with Last-Event-ID and catches up from the table).
 *
 * Replay and live: the subscription is registered with the broadcaster before the replay reads the table, and live
 * events that arrive meanwhile are parked; after the replay the parked ones above the last replayed id are queued.
 * Ids only ever increase on the wire, so nothing is sent twice and, because ids follow commit order, nothing is
 * skipped. If too many live events arrive during a long replay, the parked ones are dropped and the replay simply
 * reads on from the table.
 */
final class SseSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(SseSubscription.class);
    private static final int REPLAY_PAGE = 500;
    private static final int SEND_BATCH = 64;

    /** Something to write: an event (id, name, JSON) or the instruction to close the stream. */
    record Outgoing(long id, String name, String json, boolean close) {
        static final Outgoing CLOSE = new Outgoing(0, null, null, true);
    }

    private final SseEmitter emitter;
    private final OrderEventFilter filter;
    private final int capacity;
    private final Executor senders;
    private final Consumer<SseSubscription> onClosed;
    private final long retryMillis;

    private final Object lock = new Object();
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private final ArrayDeque<OrderEvent> parked = new ArrayDeque<>();
    private boolean live;
    private boolean parkedOverflow;
    private boolean draining;
    private boolean closing;
    /** Highest event id this client's stream has passed (sent or filtered out): the id heartbeats carry. */
    private long position;
    /** Highest event id written to the socket (only touched by the task that drains). */
    private long lastSent;
    private volatile boolean closed;

    SseSubscription(SseEmitter emitter, OrderEventFilter filter, long startAfter, int capacity, Executor senders,
                    long retryMillis, Consumer<SseSubscription> onClosed) {
        this.emitter = emitter;
        this.filter = filter;
        this.capacity = capacity;
        this.senders = senders;
        this.retryMillis = retryMillis;
        this.onClosed = onClosed;
        this.position = startAfter;
        this.lastSent = startAfter;
        this.draining = true; // the replay task owns the emitter until it hands over to live
    }

    boolean isClosed() {
        return closed;
    }

    /** Runs on the sender pool: connected, refresh advice, replay from the table, then hand-over to live. */
    void start(OrderEventLog log, boolean refresh, long refreshTo, String connectedJson, String refreshJson) {
        senders.execute(() -> {
            try {
                send(new Outgoing(position, OrderEventType.CONNECTED.wire(), connectedJson, false), true);
                if (refresh) {
                    position = refreshTo;
                    lastSent = refreshTo;
                    send(new Outgoing(refreshTo, OrderEventType.POLLING_DATA_REFRESH.wire(), refreshJson, false), false);
                }
                while (!closed) {
                    List<OrderEvent> page = log.after(lastSent, filter, REPLAY_PAGE);
                    for (OrderEvent e : page) {
                        send(new Outgoing(e.id(), e.type().wire(), e.json(), false), false);
                        lastSent = e.id();
                    }
                    if (page.size() == REPLAY_PAGE) {
                        continue;
                    }
                    synchronized (lock) {
                        if (parkedOverflow) {
                            parked.clear();
                            parkedOverflow = false;
                            continue; // too much arrived meanwhile: read on from the table
                        }
                        position = Math.max(position, lastSent);
                        for (OrderEvent e : parked) {
                            queueLive(e);
                        }
                        parked.clear();
                        live = true;
                    }
                    break;
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("SSE client dropped during replay: {}", e.toString());
                closeNow(e);
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
                if (filter.matches(e)) {
                    if (parked.size() >= capacity) {
                        parkedOverflow = true;
                    } else if (!parkedOverflow) {
                        parked.add(e);
                    }
                }
                return;
            }
            queueLive(e);
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
            enqueue(new Outgoing(position, OrderEventType.HEARTBEAT.wire(), json, false));
            schedule = scheduleIfIdle();
        }
        if (schedule) {
            senders.execute(this::drain);
        }
    }

    /** Asks the stream to end (server shutdown, connection lifetime); written in order after what is queued. */
    void requestClose() {
        boolean schedule;
        synchronized (lock) {
            if (closed || closing) {
                return;
            }
            closing = true;
            queue.add(Outgoing.CLOSE);
            schedule = scheduleIfIdle();
        }
        if (schedule) {
            senders.execute(this::drain);
        }
    }

    /** The emitter's own completion, timeout or error callback: forget everything queued. */
    void closed() {
        synchronized (lock) {
            closed = true;
            queue.clear();
            parked.clear();
        }
        onClosed.accept(this);
    }

    int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    // --- under lock ---

    private void queueLive(OrderEvent e) {
        if (e.id() <= position) {
            return;
        }
        position = e.id();
        if (filter.matches(e)) {
            enqueue(new Outgoing(e.id(), e.type().wire(), e.json(), false));
        }
    }

    private void enqueue(Outgoing o) {
        if (queue.size() >= capacity) {
            // the client does not read fast enough: drop it; it reconnects with Last-Event-ID and replays from the table
            LOG.info("SSE client dropped: {} events queued and unread", queue.size());
            queue.clear();
            closing = true;
            queue.add(Outgoing.CLOSE);
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
        while (true) {
            Outgoing next;
            synchronized (lock) {
                next = closed ? null : queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            if (next.close()) {
                closeNow(null);
                return;
            }
            try {
                if (next.id() > lastSent || !isEvent(next)) {
                    send(next, false);
                    if (isEvent(next)) {
                        lastSent = next.id();
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("SSE client gone: {}", e.toString());
                closeNow(e);
                return;
            }
            if (++sent >= SEND_BATCH) {
                // let other clients have the thread; continue in a fresh task
                senders.execute(this::drain);
                return;
            }
        }
    }

    private static boolean isEvent(Outgoing o) {
        return !o.name().equals(OrderEventType.HEARTBEAT.wire());
    }

    private void send(Outgoing o, boolean withRetry) throws IOException {
        SseEmitter.SseEventBuilder b = SseEmitter.event().id(Long.toString(o.id())).name(o.name()).data(o.json());
        if (withRetry) {
            b.reconnectTime(retryMillis);
        }
        emitter.send(b);
    }

    private void closeNow(Throwable failure) {
        synchronized (lock) {
            closed = true;
            queue.clear();
            parked.clear();
            draining = false;
        }
        onClosed.accept(this);
        try {
            emitter.complete();
        } catch (RuntimeException ignored) {
            // already completed by the container
        }
    }
}
