package io.synchub.holds;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who decides how many units can be held: the hub itself or a platform that owns inventory. Calls that change
 * reservations run inside the transaction that stores the hold, so a hub-side reservation commits or rolls back with it.
 */
public interface InventoryAuthority {

    /** The name of {@code SYNCHUB_INVENTORY_AUTHORITY} that selects this authority. */
    String id();

    /** True when this authority should be chosen while {@code SYNCHUB_INVENTORY_AUTHORITY} is not set. */
    boolean preferredByDefault();

    /** Units available now, per item, asked at request time (never from a cache). */
    List<ItemAvailability> availability(String clientId, List<HoldItem> items);

    /** Reserves every item or none, as of {@code now}; {@link InsufficientInventory} when one is short. */
    Reservation reserve(String clientId, String holdId, HoldRequest request, String idempotencyKey, Instant now);

    /** Gives the units of an active hold back (release or early expiry). */
    void release(String clientId, StoredHold hold);

    /** The hold became an order: the authority consumes it. */
    void confirm(String clientId, StoredHold hold);

    /** Units the hub's own expiry gives back; an authority that expires holds itself does nothing. */
    void expire(String clientId, StoredHold hold);

    /** The authority's view of an active hold for validation: its status, or empty when it no longer knows the hold. */
    Optional<String> statusOf(StoredHold hold);

    /** What the authority answered for a new hold: its own id and when it lets the hold go. */
    record Reservation(String authorityHoldId, Instant authorityExpiresAt) {
    }
}
