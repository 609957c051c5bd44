package io.synchub.bench;

import io.synchub.inbox.Inbox;
import io.synchub.webhook.WebhookIntake;
import org.apache.camel.Exchange;
import org.apache.camel.support.ExpressionAdapter;

/**
 * Bench-only step of {@code bench/noop-route.yaml}: the one thing an accepted webhook must do that the no-op route does
 * not, and nothing else: write the delivery to the inbox, committed (the same group commit) before the route answers.
 * No signature, no JSON check, no declared-topic lookup. Measured beside the no-op route, it tells how much of the
 * no-op's rate is left once the commit alone is paid (WebhookAcceptExternalBenchmark).
 */
public class InboxWriteAlone extends ExpressionAdapter {

    private Inbox inbox;

    public void setInbox(Inbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public Object evaluate(Exchange exchange) {
        String eventId = exchange.getMessage().getHeader("X-Shopify-Event-Id", String.class);
        if (eventId == null) {
            throw new IllegalArgumentException("the durable no-op needs a unique X-Shopify-Event-Id per request");
        }
        boolean fresh = inbox.accept("bench", "bench", "noop/durable", "bench:noop/durable:" + eventId, null,
                WebhookIntake.keptHeaders(exchange, "x-shopify-"), exchange.getMessage().getBody(String.class));
        return fresh ? "accepted" : "duplicate";
    }
}
