package io.synchub.changelog;

import java.time.Instant;

/** Published after the transaction that made the change has committed (for notifications to POS, dashboards). */
public record ChangeCommitted(long seq, String entityType, String entityId, String storeId, String changeType,
                              String origin, Instant at) {
}
