package io.synchub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code synchub_inbox_processed_total}: inbox deliveries processed (marked done, duplicates included), counted when
 * the transaction that marked them commits; a batch that rolls back and is processed again one by one counts once.
 */
@Component
public class InboxProcessed {

    private final Counter processed;

    public InboxProcessed(MeterRegistry registry) {
        this.processed = Counter.builder("synchub_inbox_processed")
                .description("inbox deliveries processed (marked done), counted when committed").register(registry);
    }

    public void record(int deliveries) {
        if (deliveries <= 0) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    processed.increment(deliveries);
                }
            });
        } else {
            processed.increment(deliveries);
        }
    }
}
