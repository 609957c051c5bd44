package io.platformsim.shopify;

/** gid://shopify/{Type}/{id} ⇄ the numeric id, kept as a long (never through a double). */
final class ShopifyIds {

    private ShopifyIds() {
    }

    /** The numeric id of a gid of {@code type} (or of a bare number); -1 when it is neither. */
    static long numeric(String gidOrId, String type) {
        String prefix = "gid://shopify/" + type + "/";
        String digits = gidOrId.startsWith(prefix) ? gidOrId.substring(prefix.length()) : gidOrId;
        int q = digits.indexOf('?');
        if (q >= 0) {
            digits = digits.substring(0, q);
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
