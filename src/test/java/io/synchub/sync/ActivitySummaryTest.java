package io.synchub.sync;

import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The once-a-minute INFO line counts what the hub did from the tables, and says nothing for a quiet minute. */
class ActivitySummaryTest extends HubTestSupport {

    private static final byte[] SAMPLE = HubClient.fixture("shopify/products_update.json");

    @Test
    void oneLineCountsDeliveriesAndWhatTheStoreDidAndAQuietMinuteSaysNothing() {
        // an instance of its own (the context's logs every minute and would move the floors between the calls below)
        ActivitySummary summary = new ActivitySummary(jdbc, "0");
        Instant from = Instant.now().minusSeconds(1);
        assertThat(summary.summary(from, Instant.now())).isNull();

        assertThat(hub.shopifyWebhook("products/update", "summary-1", SAMPLE, SECRET).status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(20), "the delivery processed", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'", Long.class) == 1);

        String line = summary.summary(from, Instant.now().plusSeconds(1));
        assertThat(line).startsWith("activity in the last ").contains(": 1 deliveries processed (")
                .contains("2 created").contains(", 0 new orders, 0 new dead letters; waiting: 0 in the inbox")
                .doesNotContain("PT");

        // the next window reads from the first delivery still waiting at this one (none: from the next id on)
        assertThat(hub.shopifyWebhook("products/update", "summary-2", SAMPLE, SECRET).status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(20), "the second delivery processed", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'", Long.class) == 2);
        assertThat(summary.summary(from, Instant.now().plusSeconds(2))).as("the first delivery is below the floor")
                .contains(": 1 deliveries processed (");
        assertThat(Readable.duration(Duration.ofSeconds(90))).isEqualTo("1 min 30 s");
        assertThat(Readable.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
    }
}
