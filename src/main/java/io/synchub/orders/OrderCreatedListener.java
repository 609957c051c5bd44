package io.synchub.orders;

/**
 * Called inside the transaction that stores a new order, so what it writes (the fulfilment outbox job) commits or
 * rolls back together with the order. The seam for the JTL fulfilment push: test orders arrive here too, flagged
 * {@link StoredOrder#test()}, and must not be sent to the warehouse.
 */
public interface OrderCreatedListener {

    void onOrderCreated(StoredOrder order);
}
