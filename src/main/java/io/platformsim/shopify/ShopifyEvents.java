package io.platformsim.shopify;

/** What the store tells its webhook side after an accepted change (payloads are snapshotted by the receiver). */
interface ShopifyEvents {

    void productUpdated(ShopifyProduct product);

    void inventoryLevelUpdated(ShopifyVariant variant);
}
