package io.synchub.channel;

import java.util.List;

/**
 * Where deliveries of one platform account land: the client they belong to, the key that identifies the account in
 * a delivery (Shopify shop domain, WooCommerce source URL; null = the catch-all default channel) and the webhook
 * secrets that sign them (the current one, plus the previous one during a rotation).
 */
public record Channel(String platform, String clientId, String accountKey, List<String> secrets) {

    public boolean catchAll() {
        return accountKey == null || accountKey.isBlank();
    }
}
