package io.synchub.outbox;

import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.LinkedHashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Outbox#enqueue} on the real database (H2 and PostgreSQL): a change folds into the entity's pending job for
 * the same target and operation, a job that already reached the target gets a fresh idempotency key when it folds, and
 * a job a dispatcher has claimed is left alone (the change gets a job of its own). The target is one no dispatcher
 * serves, so nothing claims the jobs but the test.
 */
class OutboxEnqueueTest extends HubTestSupport {

    private static final String TARGET = "NOWHERE";

    @Autowired
    Outbox outbox;

    @Test
    void changesFoldIntoThePendingJobUntilItIsClaimed() {
        long first = enqueue("netSalesPrice");
        assertThat(enqueue("name", "netSalesPrice")).as("folded into the pending job").isEqualTo(first);
        assertThat(field(first, "changed_fields")).isEqualTo("netSalesPrice,name");
        String key = field(first, "idempotency_key");

        // the job was pushed once and failed: it is pending again with an attempt, and a fold changes its payload
        jdbc.update("UPDATE outbox SET attempts = 1 WHERE id = ?", first);
        assertThat(enqueue("available")).isEqualTo(first);
        assertThat(field(first, "changed_fields")).isEqualTo("netSalesPrice,name,available");
        assertThat(field(first, "idempotency_key")).as("a new payload gets a new idempotency key").isNotEqualTo(key);

        // a dispatcher claimed it: the next change is a job of its own
        jdbc.update("UPDATE outbox SET status = 'processing' WHERE id = ?", first);
        long second = enqueue("vendor");
        assertThat(second).isNotEqualTo(first);
        assertThat(field(first, "changed_fields")).as("the claimed job is untouched").isEqualTo("netSalesPrice,name,available");
        assertThat(field(second, "changed_fields")).isEqualTo("vendor");
        assertThat(field(second, "status")).isEqualTo("pending");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE target = ?", Long.class, TARGET)).isEqualTo(2);
    }

    private long enqueue(String... fields) {
        return outbox.enqueue(Outbox.ENTITY_PRODUCT, "999", "default", TARGET, Outbox.OP_UPDATE, 5, "SHOPIFY", null,
                new LinkedHashSet<>(List.of(fields)));
    }

    private String field(long id, String column) {
        return jdbc.queryForObject("SELECT " + column + " FROM outbox WHERE id = ?", String.class, id);
    }
}
