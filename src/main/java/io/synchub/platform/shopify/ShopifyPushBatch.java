package io.synchub.platform.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.echo.AnsweredStateTime;
import io.synchub.echo.EchoLedger;
import io.synchub.outbox.ErrorClass;
import io.synchub.outbox.Outbox;
import io.synchub.outbox.OutboxJob;
import io.synchub.outbox.PushBatch;
import io.synchub.outbox.PushBatch.Item;
import io.synchub.outbox.PushFailure;
import io.synchub.outbox.PushRejected;
import io.synchub.platform.PlatformPacing;
import io.synchub.platform.PlatformRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Bursts of product updates and stock levels to Shopify go as ONE GraphQL document: each job mapped as for a single
 * push ({@code shopify/product-out}, {@code shopify/stock-out}), the documents joined under aliases
 * ({@link GraphqlBatchDocument}; each stock mutation keeps its own {@code @idempotent} key), and Shopify's answer read
 * per job (its {@code userErrors}; a stale {@code compareQuantity} is its own class, as for a single push), so each job
 * completes or fails on its own. A document carries as many jobs as the cost budget allows now
 * ({@link ShopifyCostBudget}: what Shopify's bucket holds, at most the single-query maximum) and at most the declared
 * {@code settings.pushBatchSize}; the cost of one job is learned from Shopify's answers (it starts at two mutations
 * of 10 points, what {@code product-out} sends).
 */
@Component("shopifyPushBatch")
public class ShopifyPushBatch {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ShopifyPushBatch.class);
    static final int DEFAULT_SIZE = 25;
    private static final int FIRST_COST_PER_JOB = 20;

    private final Outbox outbox;
    private final EchoLedger echoLedger;
    private final PlatformRegistry platforms;
    private final PlatformPacing pacing;
    private final ShopifyCostBudget budget;
    private volatile int costPerJob = FIRST_COST_PER_JOB;

    public ShopifyPushBatch(Outbox outbox, EchoLedger echoLedger, PlatformRegistry platforms, PlatformPacing pacing, ShopifyCostBudget budget) {
        this.pacing = pacing;
        this.outbox = outbox;
        this.echoLedger = echoLedger;
        this.platforms = platforms;
        this.budget = budget;
    }

    /**
     * The claimed jobs in claim order, cut into groups each as large as the budget allows when its turn comes: the size
     * is decided as the group is taken, after the previous group's answer (the route splits this iterator streaming;
     * a split that is not streaming takes every group at once, each sized by the same stale budget).
     */
    public Iterator<List<OutboxJob>> groups(List<OutboxJob> jobs) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < jobs.size();
            }

            @Override
            public List<OutboxJob> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int size = budget.affordableItems(costPerJob, declaredSize(), pacing.spacing("SHOPIFY"));
                List<OutboxJob> group = new ArrayList<>(jobs.subList(next, Math.min(jobs.size(), next + size)));
                next += group.size();
                return group;
            }
        };
    }

    /** {@code settings.pushBatchSize} of Shopify's declaration; a value that is not a positive number falls back to 25. */
    int declaredSize() {
        String declared = platforms.setting("SHOPIFY", "pushBatchSize");
        if (declared == null || declared.isBlank()) {
            return DEFAULT_SIZE;
        }
        try {
            int n = Integer.parseInt(declared.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        LOG.warn("Shopify's pushBatchSize is '{}', not a positive number: batches carry {} products", declared, DEFAULT_SIZE);
        return DEFAULT_SIZE;
    }

    /** One document for the mapped items of the group; the items are kept in {@value PushBatch#ITEMS} for {@link #settle}. */
    public String request(List<Object> mapped, Exchange exchange) {
        List<Item> items = PushBatch.items(mapped);
        exchange.setProperty(PushBatch.ITEMS, items);
        return CanonicalJson.write(GraphqlBatchDocument.combine("SyncHubBatch", items.stream().map(Item::body).toList()));
    }

    /**
     * Reads Shopify's answer per item: an item whose mutations answered without {@code userErrors} is recorded in the
     * echo ledger and completed (all of them together); an item with {@code userErrors}, or without an answer, fails
     * on its own.
     */
    @SuppressWarnings("unchecked")
    public void settle(String answer, Exchange exchange) {
        List<Item> items = (List<Item>) exchange.getProperty(PushBatch.ITEMS, List.class);
        JsonNode json = CanonicalJson.parse(answer);
        JsonNode data = json.path("data");
        learnCost(json, items.size());
        Map<OutboxJob, Runnable> accepted = new LinkedHashMap<>();
        for (int k = 0; k < items.size(); k++) {
            Item item = items.get(k);
            JsonNode results = GraphqlBatchDocument.resultsOf(data, k);
            if (results.isEmpty()) {
                outbox.failed(item.job(), new PushFailure(ErrorClass.SERVER, "Shopify's answer to a batch has no result for product "
                        + item.link().externalProductId()));
                continue;
            }
            try {
                ShopifyGraphqlResponse.rejectUserErrors(results);
            } catch (PushRejected rejected) {
                outbox.failed(item.job(), rejected);
                continue;
            }
            accepted.put(item.job(), () -> echoLedger.recordPush(item.job().target(), item.job().clientId(),
                    item.link().externalVariantId(), item.pushed(), AnsweredStateTime.of(results)));
        }
        outbox.succeededAll(accepted);
    }

    /** One job's share of the document's requested cost, as Shopify calculated it. */
    private void learnCost(JsonNode answer, int items) {
        double requested = answer.path("extensions").path("cost").path("requestedQueryCost").asDouble(0);
        if (requested > 0 && items > 0) {
            costPerJob = (int) Math.ceil(requested / items);
        }
    }
}
