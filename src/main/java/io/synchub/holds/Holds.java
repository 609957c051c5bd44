package io.synchub.holds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.events.OrderEventType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The life of a hold: created (reserved at the authority), then released, confirmed, expired or lost. Each step is
 * one transaction that changes the hold's status only if it is still active, tells its authority, records who did it
 * in the history and appends its event, so a step is applied once however often it is asked for.
 */
@Component("holds")
public class Holds {

    private final HoldStore store;
    private final InventoryAuthorities authorities;
    private final HoldEvents events;
    private final TransactionTemplate tx;
    private final Duration expiryBuffer;
    private final HoldMetrics metrics;

    public Holds(HoldStore store, InventoryAuthorities authorities, HoldEvents events, PlatformTransactionManager txm,
                 @Value("${synchub.holds.expiry-buffer:1m}") Duration expiryBuffer, HoldMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.authorities = authorities;
        this.events = events;
        this.tx = new TransactionTemplate(txm);
        this.expiryBuffer = expiryBuffer;
    }

    /** A new hold, or (same Idempotency-Key) the hold the first attempt created. */
    public record Created(StoredHold hold, boolean replayed) {
    }

    public Created create(String clientId, HoldRequest request, String idempotencyKey, String actor) {
        if (idempotencyKey != null) {
            var earlier = store.byIdempotencyKey(idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), request);
            }
        }
        try {
            Created created = new Created(tx.execute(s -> reserve(clientId, request, idempotencyKey, actor)), false);
            metrics.operation("created", 1);
            return created;
        } catch (InsufficientInventory e) {
            metrics.operation("refused", 1);
            throw e;
        } catch (DuplicateKeyException e) {
            // a concurrent attempt with the same key committed first: answer its hold
            return store.byIdempotencyKey(idempotencyKey).map(h -> replay(h, request)).orElseThrow(() -> e);
        }
    }

    /** The hold an earlier attempt with this key created; 422 when the key comes back with another request. */
    private static Created replay(StoredHold earlier, HoldRequest request) {
        if (!request.sameAs(earlier)) {
            throw new ApiException(422, "idempotency_key_reused", "this Idempotency-Key was used for hold " + earlier.id()
                    + " with a different request; send a new key for a new hold");
        }
        return new Created(earlier, true);
    }

    private StoredHold reserve(String clientId, HoldRequest request, String idempotencyKey, String actor) {
        InventoryAuthority authority = authorities.current();
        String id = "hold_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        InventoryAuthority.Reservation r = authority.reserve(clientId, id, request, idempotencyKey, now);
        Instant hubExpiry = r.authorityExpiresAt().minus(expiryBuffer);
        StoredHold hold = new StoredHold(id, clientId, authority.id(), r.authorityHoldId(), StoredHold.ACTIVE,
                request.sessionId(), request.customerId(), request.outfitId(), request.items(), request.metadata(),
                request.durationSeconds(), r.authorityExpiresAt(), hubExpiry.isBefore(now) ? now : hubExpiry, now, now);
        store.insert(hold, idempotencyKey);
        ObjectNode detail = CanonicalJson.object();
        detail.set("items", StoredHold.itemsJson(hold.items()));
        detail.put("expiresAt", hold.expiresAt().toString());
        if (idempotencyKey != null) {
            detail.put("idempotencyKey", idempotencyKey);
        }
        store.record(id, "created", actor, detail, now);
        ObjectNode extra = CanonicalJson.object();
        extra.put("expiresAt", hold.expiresAt().toString());
        events.publish(OrderEventType.HOLD_CREATED, hold, "createdAt", now, extra);
        return hold;
    }

    public StoredHold get(String id) {
        return store.find(id).orElseThrow(() -> ApiException.notFound("hold " + id));
    }

    /** Release: the units go back. Releasing a hold that is no longer active changes nothing and answers it as it is. */
    public StoredHold release(String id, String actor) {
        return tx.execute(s -> {
            StoredHold hold = store.lock(id).orElseThrow(() -> ApiException.notFound("hold " + id));
            if (!hold.active()) {
                store.record(id, "release_repeated", actor, null, Instant.now());
                return hold;
            }
            authorities.of(hold).release(hold.clientId(), hold);
            metrics.operation("released", 1);
            return end(hold, StoredHold.RELEASED, actor, OrderEventType.HOLD_RELEASED, "releasedAt", null);
        });
    }

    /** Confirm: the hold becomes an order; it never expires. 409 when it already ended otherwise. */
    public StoredHold confirm(String id, String actor) {
        return tx.execute(s -> {
            StoredHold hold = store.lock(id).orElseThrow(() -> ApiException.notFound("hold " + id));
            if (StoredHold.CONFIRMED.equals(hold.status())) {
                return hold;
            }
            if (!hold.active()) {
                throw new ApiException(409, "hold_not_active", "hold " + id + " is " + hold.status() + " and can no longer be confirmed");
            }
            authorities.of(hold).confirm(hold.clientId(), hold);
            metrics.operation("confirmed", 1);
            return end(hold, StoredHold.CONFIRMED, actor, OrderEventType.HOLD_CONFIRMED, "confirmedAt", null);
        });
    }

    /** Expires the holds whose hub expiry has come (also the ones that came while the hub was down); returns how many. */
    public int expireDue() {
        Integer n = tx.execute(s -> {
            List<StoredHold> due = store.lockDue(Instant.now(), 200);
            for (StoredHold hold : due) {
                authorities.of(hold).expire(hold.clientId(), hold);
                ObjectNode extra = CanonicalJson.object();
                extra.put("scheduledAt", hold.expiresAt().toString());
                end(hold, StoredHold.EXPIRED, "expiry", OrderEventType.HOLD_EXPIRED, "expiredAt", extra);
            }
            return due.size();
        });
        metrics.operation("expired", n == null ? 0 : n);
        return n == null ? 0 : n;
    }

    /** The authority no longer knows the hold (or knows it differently): it is lost, with an event. */
    public boolean markLost(String id, String authorityStatus) {
        Boolean lost = tx.execute(s -> {
            StoredHold hold = store.lock(id).orElse(null);
            if (hold == null || !hold.active()) {
                return false;
            }
            ObjectNode extra = CanonicalJson.object();
            extra.put("authorityStatus", authorityStatus == null ? "unknown" : authorityStatus);
            end(hold, StoredHold.LOST, "validation", OrderEventType.HOLD_LOST, "lostAt", extra);
            return true;
        });
        metrics.operation("lost", Boolean.TRUE.equals(lost) ? 1 : 0);
        return Boolean.TRUE.equals(lost);
    }

    public List<ObjectNode> history(String id) {
        get(id);
        return store.history(id);
    }

    public Duration expiryBuffer() {
        return expiryBuffer;
    }

    private StoredHold end(StoredHold hold, String status, String actor, OrderEventType type, String timeField, ObjectNode extra) {
        Instant now = Instant.now();
        if (!store.end(hold.id(), status, now)) {
            return store.find(hold.id()).orElseThrow();
        }
        store.record(hold.id(), status, actor, extra, now);
        events.publish(type, hold, timeField, now, extra);
        return store.find(hold.id()).orElseThrow();
    }
}
