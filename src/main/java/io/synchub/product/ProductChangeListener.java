package io.synchub.product;

/**
 * Called inside the transaction that stores a product change, so whatever it writes (outbound jobs) commits or
 * rolls back together with the change.
 */
public interface ProductChangeListener {

    void onProductChanged(ProductChange change);

    /**
     * A platform sent values of fields the hub pushes to it and the hub kept its own values: the platform holds
     * something else now and should hear the hub's values again.
     */
    default void onValuesRefused(long productId, String clientId, String sku, String platform, java.util.Set<String> fields,
                                 Long inboxId) {
    }
}
