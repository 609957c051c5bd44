package io.synchub.outbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.product.ProductLink;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The platform-neutral half of a batched product push (several due jobs in one request to a platform that takes
 * them: WooCommerce's {@code /products/batch}, Shopify's aliased GraphQL document). It sorts the claimed jobs into the
 * batch (product jobs of the operations the platform's route names, e.g. {@code update,stock_update}, up to its limit)
 * and the jobs that go on their own ({@value #SINGLES}: creates, orders, other operations), wraps each mapped job as an
 * {@link Item}, and fails every item alike when the request as a whole failed. The platform's own bean builds the
 * request from the items ({@value #ITEMS}) and reads its answer per item.
 */
@Component("pushBatch")
public class PushBatch {

    public static final String ITEMS = "pushBatchItems";
    public static final String SINGLES = "pushBatchSingles";

    private final Outbox outbox;

    public PushBatch(Outbox outbox) {
        this.outbox = outbox;
    }

    /** One mapped job of a batch: what it would send on its own, and what to record when it is accepted. */
    public record Item(OutboxJob job, ProductLink link, ObjectNode pushed, ObjectNode body) {
    }

    /** Whether the claimed jobs are worth one request: two or more product jobs of the {@code operations} (comma-separated). */
    public boolean worthBatching(List<OutboxJob> jobs, String operations) {
        Set<String> ops = operations(operations);
        return jobs.stream().filter(j -> batchable(j, ops)).count() > 1;
    }

    /**
     * The product jobs of the {@code operations} (comma-separated; at most {@code maxItems}) go into the batch; the
     * other jobs wait in {@value #SINGLES}.
     */
    public List<OutboxJob> batchable(List<OutboxJob> jobs, int maxItems, String operations, Exchange exchange) {
        Set<String> ops = operations(operations);
        List<OutboxJob> batch = new ArrayList<>();
        List<OutboxJob> singles = new ArrayList<>();
        for (OutboxJob j : jobs) {
            (batchable(j, ops) && batch.size() < maxItems ? batch : singles).add(j);
        }
        exchange.setProperty(SINGLES, singles);
        return batch;
    }

    private static boolean batchable(OutboxJob job, Set<String> operations) {
        return Outbox.ENTITY_PRODUCT.equals(job.entityType()) && operations.contains(job.operation());
    }

    private static Set<String> operations(String commaSeparated) {
        Set<String> ops = new HashSet<>();
        for (String op : commaSeparated.split(",")) {
            if (!op.isBlank()) {
                ops.add(op.strip());
            }
        }
        return ops;
    }

    /** Wraps the mapped body of the job being split (its link and pushed values come from {@code productPushes.prepare}). */
    public Item item(Exchange exchange, String mappedBody) {
        OutboxJob job = exchange.getProperty(OutboxJob.PROPERTY, OutboxJob.class);
        return new Item(job, exchange.getProperty(ProductPushes.PUSH_LINK, ProductLink.class),
                exchange.getProperty(ProductPushes.PUSHED_VALUES, ObjectNode.class), (ObjectNode) CanonicalJson.parse(mappedBody));
    }

    /** The mapped items of a split (the jobs that failed or were skipped while being mapped are not among them). */
    public static List<Item> items(List<?> mapped) {
        List<Item> items = new ArrayList<>();
        for (Object o : mapped) {
            if (o instanceof Item item) {
                items.add(item);
            }
        }
        return items;
    }

    /** The whole batch request failed: every item of it failed the same way. */
    @SuppressWarnings("unchecked")
    public void failAll(Exchange exchange) {
        Throwable t = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        List<Item> items = (List<Item>) exchange.getProperty(ITEMS, List.class);
        if (items != null) {
            items.forEach(i -> outbox.failed(i.job(), t == null ? new PushRejected(ErrorClass.SERVER, "batch failed") : t));
        }
    }
}
