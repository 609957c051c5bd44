package io.synchub.metrics;

import java.util.Map;

/**
 * The queues at one moment: inbox deliveries by status, open outbox jobs and their oldest age per target, open dead
 * letters per target, open conflicts. Ages are in seconds (0 when the queue is empty).
 */
record BacklogSnapshot(Map<String, Long> inboxByStatus, double inboxOldestPendingAgeSeconds,
                       Map<String, Map<String, Long>> outboxByTargetAndStatus, Map<String, Double> outboxOldestPendingAgeSeconds,
                       Map<String, Long> deadLettersOpenByTarget, long conflictsOpen) {

    long inbox(String status) {
        return inboxByStatus.getOrDefault(status, 0L);
    }

    long outbox(String target, String status) {
        return outboxByTargetAndStatus.getOrDefault(target, Map.of()).getOrDefault(status, 0L);
    }

    double outboxOldestAge(String target) {
        return outboxOldestPendingAgeSeconds.getOrDefault(target, 0.0);
    }

    long deadLettersOpen(String target) {
        return deadLettersOpenByTarget.getOrDefault(target, 0L);
    }
}
