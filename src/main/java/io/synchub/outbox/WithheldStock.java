package io.synchub.outbox;

/**
 * Units of a SKU that must not be offered on the platforms although the stored {@code available} still counts them
 * (the hub's own holds, when it is the inventory authority and told to reduce the shops' stock). A push of
 * {@code available} carries {@code available − withheld}, never below zero.
 */
public interface WithheldStock {

    long withheld(String clientId, String sku);
}
