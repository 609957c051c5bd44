package io.synchub.platform.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.platform.PlatformDeclaration;
import io.synchub.platform.PlatformRegistry;
import io.synchub.reconcile.ReconciliationPull;
import org.springframework.stereotype.Component;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shopify gives up on a webhook after 4 h: {@code GET /admin/api/{version}/products.json?updated_at_min=&limit=250},
 * paged through the Link header, each product queued as a products/update delivery.
 */
@Component("shopifyReconciliation")
public class ShopifyReconciliation {

    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    private final ReconciliationPull pull;
    private final PlatformRegistry platforms;

    public ShopifyReconciliation(ReconciliationPull pull, PlatformRegistry platforms) {
        this.pull = pull;
        this.platforms = platforms;
    }

    public String pull() {
        PlatformDeclaration shopify = platforms.get("shopify");
        String base = shopify.baseUrl() + "/admin/api/" + shopify.setting("apiVersion");
        return pull.underCursor("shopify-products", pull.initialFrom().toString(), "Shopify", from -> {
            String url = base + "/products.json?updated_at_min=" + ReconciliationPull.enc(from) + "&limit=250";
            Instant newest = Instant.parse(from);
            int queued = 0;
            while (url != null) {
                HttpResponse<String> r = pull.get(shopify, url);
                JsonNode products = CanonicalJson.parse(r.body()).path("products");
                queued += pull.queuePage(shopify.origin(), "products/update", products, item ->
                        item.path("admin_graphql_api_id").asText(item.path("id").asText()) + "|" + item.path("updated_at").asText(""));
                for (JsonNode item : products) {
                    try {
                        Instant at = java.time.OffsetDateTime.parse(item.path("updated_at").asText("")).toInstant();
                        newest = at.isAfter(newest) ? at : newest;
                    } catch (RuntimeException e) {
                        // an item without a parsable updated_at does not move the cursor
                    }
                }
                Matcher next = NEXT_LINK.matcher(r.headers().firstValue("Link").orElse(""));
                url = next.find() ? next.group(1) : null;
            }
            return new ReconciliationPull.Outcome(newest.toString(), queued);
        });
    }
}
