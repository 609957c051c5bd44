package io.synchub.platform.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.echo.AnsweredStateTime;
import io.synchub.echo.EchoLedger;
import io.synchub.outbox.ErrorClass;
import io.synchub.outbox.Outbox;
import io.synchub.outbox.OutboxJob;
import io.synchub.outbox.PushBatch;
import io.synchub.outbox.PushBatch.Item;
import io.synchub.outbox.PushFailure;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bursts to WooCommerce go through its batch endpoints (at most 100 items each, WooCommerce's limit): due update jobs
 * of simple products become one {@code POST /products/batch}, and the variations of one variable product that are due
 * together one {@code POST /products/{parent}/variations/batch} per parent. WooCommerce's answer is read per item
 * ({@code {"id", "error": {code, message, data: {status}}}}), so each job completes or fails on its own. A lone
 * variation (the only one of its parent in the burst) and creates keep the single-item route.
 */
@Component("wooCommerceBatch")
public class WooCommerceBatch {

    /** WooCommerce's limit of items per batch request. */
    public static final int MAX_ITEMS = 100;

    private final Outbox outbox;
    private final EchoLedger echoLedger;

    /**
     * One batch request of a burst: the resource whose {@code /batch} it posts to ({@code products}, or
     * {@code products/<parent>/variations}), the items it carries and its body.
     */
    public record Request(String resource, List<Item> items, String body) {
    }

    public WooCommerceBatch(Outbox outbox, EchoLedger echoLedger) {
        this.outbox = outbox;
        this.echoLedger = echoLedger;
    }

    /**
     * The batch requests from the mapped items, simple products first, then one per parent product with two or more
     * due variations (in the order of their first job); a lone variation joins the single jobs ({@value PushBatch#SINGLES}).
     */
    @SuppressWarnings("unchecked")
    public List<Request> requests(List<Object> mapped, Exchange exchange) {
        List<Item> products = new ArrayList<>();
        Map<String, List<Item>> variationsByParent = new LinkedHashMap<>();
        for (Item item : PushBatch.items(mapped)) {
            if (isVariation(item)) {
                variationsByParent.computeIfAbsent(item.link().externalProductId(), k -> new ArrayList<>()).add(item);
            } else {
                products.add(item);
            }
        }
        List<OutboxJob> singles = new ArrayList<>((List<OutboxJob>) exchange.getProperty(PushBatch.SINGLES, List.class));
        List<Request> requests = new ArrayList<>();
        if (!products.isEmpty()) {
            requests.add(request("products", products));
        }
        variationsByParent.forEach((parent, variations) -> {
            if (variations.size() > 1) {
                requests.add(request("products/" + parent + "/variations", variations));
            } else {
                singles.add(variations.get(0).job());
            }
        });
        exchange.setProperty(PushBatch.SINGLES, singles);
        return requests;
    }

    private static boolean isVariation(Item item) {
        return item.link().externalProductId() != null && !item.link().externalProductId().equals(item.link().externalVariantId());
    }

    private static Request request(String resource, List<Item> items) {
        ObjectNode request = CanonicalJson.object();
        ArrayNode update = request.putArray("update");
        for (Item i : items) {
            ObjectNode body = i.body().deepCopy();
            body.put("id", Long.parseLong(i.link().externalVariantId()));
            update.add(body);
        }
        return new Request(resource, List.copyOf(items), CanonicalJson.write(request));
    }

    /** Reads WooCommerce's per-item answer: accepted items are recorded in the echo ledger and completed together, failed ones classified. */
    @SuppressWarnings("unchecked")
    public void settle(String answer, Exchange exchange) {
        List<Item> items = (List<Item>) exchange.getProperty(PushBatch.ITEMS, List.class);
        JsonNode results = CanonicalJson.parse(answer).path("update");
        Map<OutboxJob, Runnable> accepted = new LinkedHashMap<>();
        for (Item item : items) {
            JsonNode result = null;
            for (JsonNode r : results) {
                if (r.path("id").asText().equals(item.link().externalVariantId())) {
                    result = r;
                    break;
                }
            }
            String what = (isVariation(item) ? "variation " : "product ") + item.link().externalVariantId();
            if (result == null) {
                outbox.failed(item.job(), new PushFailure(ErrorClass.SERVER, "WooCommerce's batch answer has no result for " + what));
            } else if (result.has("error")) {
                JsonNode e = result.get("error");
                int status = e.path("data").path("status").asInt(400);
                outbox.failed(item.job(), PushFailure.ofStatus(status, "WooCommerce rejected " + what
                        + " in a batch: " + e.path("code").asText() + ": " + e.path("message").asText(), null));
            } else {
                JsonNode answered = result;
                accepted.put(item.job(), () -> echoLedger.recordPush(item.job().target(), item.job().clientId(),
                        item.link().externalVariantId(), item.pushed(), AnsweredStateTime.of(answered)));
            }
        }
        outbox.succeededAll(accepted);
    }
}
