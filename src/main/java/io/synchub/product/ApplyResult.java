package io.synchub.product;

import io.synchub.ownership.MergeOutcome;

/** What applying one write did: the product it landed on (null when none matched and none was created). */
public record ApplyResult(Long productId, boolean created, MergeOutcome outcome, String skippedReason) {

    public static ApplyResult skipped(String reason) {
        return new ApplyResult(null, false, null, reason);
    }
}
