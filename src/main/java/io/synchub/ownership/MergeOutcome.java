package io.synchub.ownership;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the ownership rules decided for one incoming write.
 *
 * @param applied       fields whose value changes, with the new value
 * @param clockAdvances fields whose per-origin source clock moves forward (also for writes that change nothing)
 */
public record MergeOutcome(Map<String, JsonNode> applied, List<DroppedField> dropped, List<FieldConflict> conflicts,
                           Map<String, Instant> clockAdvances) {

    public boolean changesSomething() {
        return !applied.isEmpty();
    }
}
