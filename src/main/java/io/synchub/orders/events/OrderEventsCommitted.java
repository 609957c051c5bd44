package io.synchub.orders.events;

/** Published after a transaction that appended order events has committed; {@code lastId} is its highest id. */
public record OrderEventsCommitted(long lastId) {
}
