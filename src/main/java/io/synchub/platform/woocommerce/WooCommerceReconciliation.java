package io.synchub.platform.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.platform.PlatformDeclaration;
import io.synchub.platform.PlatformRegistry;
import io.synchub.reconcile.ReconciliationPull;
import org.springframework.stereotype.Component;

import java.net.http.HttpResponse;

/**
 * WooCommerce never retries a webhook: {@code GET /wp-json/wc/v3/products?modified_after=&dates_are_gmt=true
 * &per_page=100&page=N} pulls what changed since the last run, each product queued as a product.updated delivery.
 */
@Component("wooCommerceReconciliation")
public class WooCommerceReconciliation {

    private final ReconciliationPull pull;
    private final PlatformRegistry platforms;

    public WooCommerceReconciliation(ReconciliationPull pull, PlatformRegistry platforms) {
        this.pull = pull;
        this.platforms = platforms;
    }

    public String pull() {
        PlatformDeclaration woo = platforms.get("woocommerce");
        String api = woo.baseUrl() + woo.setting("apiPath");
        return pull.underCursor("woocommerce-products", pull.initialFrom().toString().replace("Z", ""), "WooCommerce", from -> {
            String newest = from;
            int queued = 0;
            for (int page = 1; ; page++) {
                HttpResponse<String> r = pull.get(woo, api + "/products?modified_after=" + ReconciliationPull.enc(from) + "&dates_are_gmt=true"
                        + "&per_page=100&orderby=modified&order=asc&page=" + page);
                JsonNode items = CanonicalJson.parse(r.body());
                queued += pull.queuePage(woo.origin(), "product.updated", items,
                        item -> item.path("id").asText() + "|" + item.path("date_modified_gmt").asText(""));
                for (JsonNode item : items) {
                    String modified = item.path("date_modified_gmt").asText("");
                    newest = modified.compareTo(newest) > 0 ? modified : newest;
                }
                int totalPages = Integer.parseInt(r.headers().firstValue("X-WP-TotalPages").orElse("1"));
                if (items.isEmpty() || page >= totalPages) {
                    break;
                }
            }
            return new ReconciliationPull.Outcome(newest, queued);
        });
    }
}
