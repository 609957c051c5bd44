package io.synchub.platform.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

/**
 * Shopify's GraphQL cost budget as its last answer reported it ({@code extensions.cost.throttleStatus}: the bucket's
 * maximum, what was available, the restore rate per second), projected to now. Before any answer it is unknown, and
 * only Shopify's single-query maximum (1,000 points) bounds a document.
 */
@Component
public class ShopifyCostBudget {

    /** Shopify refuses a single query that costs more than this, whatever the bucket holds. */
    static final int SINGLE_QUERY_MAX = 1000;

    private record Status(double maximum, double available, double restorePerSecond, long atNanos) {
    }

    private volatile Status last;

    /** Notes the throttle status of an answer (ignored when it carries none). */
    public void observe(JsonNode answer) {
        JsonNode t = answer == null ? null : answer.path("extensions").path("cost").path("throttleStatus");
        if (t == null || !t.has("maximumAvailable") || !t.has("currentlyAvailable")) {
            return;
        }
        last = new Status(t.path("maximumAvailable").asDouble(), t.path("currentlyAvailable").asDouble(),
                t.path("restoreRate").asDouble(0), System.nanoTime());
    }

    /**
     * How many items of {@code costPerItem} points one document may carry now: what the bucket holds (projected from
     * the last answer), never more than the bucket's maximum or Shopify's single-query maximum, at least 1, at most
     * {@code cap}.
     */
    public int affordableItems(int costPerItem, int cap) {
        int perItem = Math.max(1, costPerItem);
        Status s = last;
        double points = SINGLE_QUERY_MAX;
        if (s != null) {
            double elapsed = (System.nanoTime() - s.atNanos()) / 1e9;
            points = Math.min(Math.min(s.maximum(), SINGLE_QUERY_MAX), s.available() + s.restorePerSecond() * elapsed);
        }
        return (int) Math.max(1, Math.min(cap, Math.floor(points / perItem)));
    }
}
