package io.synchub.sync;

import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The once-a-minute INFO line counts what the hub did from the tables, and says nothing for a quiet minute. */
class ActivitySummaryTest extends HubTestSupport {

    private static final byte[] SAMPLE = HubClient.fixture("shopify/products_update.json");

    @Autowired
    ActivitySummary summary;

    @Test
    void oneLineCountsDeliveriesAndWhatTheStoreDidAndAQuietMinuteSaysNothing() {
        Instant from = Instant.now().minusSeconds(1);
        assertThat(summary.summary(from, Instant.now())).isNull();

        assertThat(hub.shopifyWebhook("products/update", "summary-1", SAMPLE, SECRET).status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(20), "the delivery processed", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'", Long.class) == 1);

        String line = summary.summary(from, Instant.now().plusSeconds(1));
        assertThat(line).startsWith("activity in the last ").contains(": 1 deliveries processed (")
                .contains("2 created").contains(", 0 new orders, 0 new dead letters; waiting: 0 in the inbox")
                .doesNotContain("PT");
        assertThat(Readable.duration(Duration.ofSeconds(90))).isEqualTo("1 min 30 s");
        assertThat(Readable.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
    }
}
