package io.synchub.platform.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

import java.time.Duration;

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
     * the last answer), never more than the bucket's maximum or Shopify's single-query maximum, at most {@code cap}.
     * When it holds less than what the bucket restores in one {@code minInterval} (the hub's own request spacing, at
     * least one item), waits until it does (at most 10 s): a document Shopify would answer THROTTLED only costs its
     * items an attempt, and documents sent as soon as one item fits would use the request rate up one item at a time.
     */
    public int affordableItems(int costPerItem, int cap, Duration minInterval) {
        int perItem = Math.max(1, costPerItem);
        Status s = last;
        if (s == null) {
            return (int) Math.max(1, Math.min(cap, SINGLE_QUERY_MAX / perItem));
        }
        double ceiling = Math.min(s.maximum(), SINGLE_QUERY_MAX);
        double wanted = Math.min(ceiling, perItem * Math.max(1, Math.min(cap,
                Math.floor(s.restorePerSecond() * minInterval.toNanos() / 1e9 / perItem))));
        double points = projectedPoints(s, ceiling);
        if (points < wanted && s.restorePerSecond() > 0) {
            long waitMs = (long) Math.ceil((wanted - points) / s.restorePerSecond() * 1000);
            try {
                Thread.sleep(Math.min(waitMs, 10_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            points = projectedPoints(s, ceiling);
        }
        return (int) Math.max(1, Math.min(cap, Math.floor(points / perItem)));
    }

    private static double projectedPoints(Status s, double ceiling) {
        double elapsed = (System.nanoTime() - s.atNanos()) / 1e9;
        return Math.min(ceiling, s.available() + s.restorePerSecond() * elapsed);
    }
}
