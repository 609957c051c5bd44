package io.synchub.product;

/**
 * Called inside the transaction that stores a product change, so whatever it writes (outbound jobs) commits or
 * rolls back together with the change.
 */
public interface ProductChangeListener {

    void onProductChanged(ProductChange change);
}
