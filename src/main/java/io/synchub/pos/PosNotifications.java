package io.synchub.pos;

import io.synchub.canonical.CanonicalJson;
import io.synchub.changelog.ChangeCommitted;
import io.synchub.changelog.ChangeLog;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Turns committed changes of the 12 POS types into WebSocket notifications, coalesced: per store (or "all stores"
 * for a global type) and entity type, at most one message per window (default 250 ms). The first change of a quiet
 * period goes out at once; the changes that follow inside the window are folded into one message at its end that
 * carries the latest cursor. Messages leave through {@code direct:notify-pos-websocket}.
 */
@Component("posNotifications")
public class PosNotifications {

    private static final Logger LOG = LoggerFactory.getLogger(PosNotifications.class);
    static final String ALL_STORES = "*";

    private final ProducerTemplate producer;
    private final ChangeLog changeLog;
    private final long windowNanos;
    private final Map<Key, Slot> slots = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pos-notify");
        t.setDaemon(true);
        return t;
    });

    public PosNotifications(ProducerTemplate producer, ChangeLog changeLog,
                            @Value("${synchub.pos.websocket.coalesce-window:250ms}") Duration window) {
        this.producer = producer;
        this.changeLog = changeLog;
        this.windowNanos = window.toNanos();
    }

    private record Key(String store, String entityType) {
    }

    private static final class Slot {
        ChangeCommitted latest;
        int pending;
        long lastSentNanos = Long.MIN_VALUE / 2;
        boolean scheduled;
    }

    @EventListener
    public void onChange(ChangeCommitted change) {
        if (!PosEntityType.isPosType(change.entityType())) {
            return;
        }
        PosEntityType type = PosEntityType.named(change.entityType());
        String store = type.storeScoped() ? change.storeId() : ALL_STORES;
        if (store == null) {
            return;
        }
        Key key = new Key(store, type.wireName());
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        synchronized (slot) {
            if (slot.latest == null || change.seq() > slot.latest.seq()) {
                slot.latest = change;
            }
            slot.pending++;
            if (!slot.scheduled) {
                slot.scheduled = true;
                long delay = Math.max(0, slot.lastSentNanos + windowNanos - System.nanoTime());
                sender.schedule(() -> flush(key, slot), delay, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void flush(Key key, Slot slot) {
        ChangeCommitted change;
        int coalesced;
        synchronized (slot) {
            change = slot.latest;
            coalesced = slot.pending;
            slot.latest = null;
            slot.pending = 0;
            slot.scheduled = false;
            slot.lastSentNanos = System.nanoTime();
        }
        if (change == null) {
            return;
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put("posStoreId", ALL_STORES.equals(key.store()) ? null : key.store());
        try {
            producer.sendBodyAndHeaders("direct:notify-pos-websocket", message(change, coalesced), headers);
        } catch (RuntimeException e) {
            // a client that misses a message still finds the change by its next pull (heartbeats carry the cursor)
            LOG.warn("POS notification for {} of store {} not sent: {}", key.entityType(), key.store(), e.toString());
        }
    }

    static String message(ChangeCommitted change, int coalesced) {
        StringBuilder out = new StringBuilder(200);
        out.append("{\"type\":\"entity_updated\",\"entity_type\":\"").append(change.entityType())
                .append("\",\"entity_id\":").append(PosEntityId.json(change.entityId()))
                .append(",\"change_type\":").append(CanonicalJson.write(change.changeType()))
                .append(",\"timestamp\":\"").append(change.at()).append('"')
                .append(",\"cursor\":\"").append(SyncCursor.format(change.seq())).append('"');
        if (change.storeId() != null) {
            out.append(",\"store_id\":").append(CanonicalJson.write(change.storeId()));
        }
        return out.append(",\"coalesced\":").append(coalesced).append('}').toString();
    }

    /** The heartbeat every client gets (routes/notify-pos-websocket.yaml): the time and the latest cursor. */
    public String heartbeat() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "heartbeat");
        out.put("timestamp", Instant.now().toString());
        out.put("cursor", SyncCursor.format(changeLog.lastSequence()));
        return CanonicalJson.write(out);
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        sender.shutdownNow();
    }
}
