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
 * Bursts to WooCommerce go through {@code POST /wp-json/wc/v3/products/batch} (at most 100 items, WooCommerce's
 * limit): several due update jobs of simple products become one request, and WooCommerce's answer is read per item
 * ({@code {"id", "error": {code, message, data: {status}}}}), so each job completes or fails on its own.
 * Variations and creates keep the single-item route.
 */
@Component("wooCommerceBatch")
public class WooCommerceBatch {

    /** WooCommerce's limit of items per batch request. */
    public static final int MAX_ITEMS = 100;

    private final Outbox outbox;
    private final EchoLedger echoLedger;

    public WooCommerceBatch(Outbox outbox, EchoLedger echoLedger) {
        this.outbox = outbox;
        this.echoLedger = echoLedger;
    }

    /** The batch request from the mapped items; variations join the single jobs (they have their own batch endpoint). */
    @SuppressWarnings("unchecked")
    public String request(List<Object> mapped, Exchange exchange) {
        List<Item> items = new ArrayList<>();
        List<OutboxJob> singles = new ArrayList<>((List<OutboxJob>) exchange.getProperty(PushBatch.SINGLES, List.class));
        for (Item item : PushBatch.items(mapped)) {
            boolean variation = item.link().externalProductId() != null && !item.link().externalProductId().equals(item.link().externalVariantId());
            if (variation) {
                singles.add(item.job());
            } else {
                items.add(item);
            }
        }
        exchange.setProperty(PushBatch.SINGLES, singles);
        exchange.setProperty(PushBatch.ITEMS, items);
        ObjectNode request = CanonicalJson.object();
        ArrayNode update = request.putArray("update");
        for (Item i : items) {
            ObjectNode body = i.body().deepCopy();
            body.put("id", Long.parseLong(i.link().externalVariantId()));
            update.add(body);
        }
        return CanonicalJson.write(request);
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
            if (result == null) {
                outbox.failed(item.job(), new PushFailure(ErrorClass.SERVER, "WooCommerce's batch answer has no result for product "
                        + item.link().externalVariantId()));
            } else if (result.has("error")) {
                JsonNode e = result.get("error");
                int status = e.path("data").path("status").asInt(400);
                outbox.failed(item.job(), PushFailure.ofStatus(status, "WooCommerce rejected product " + item.link().externalVariantId()
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
