package io.synchub.ownership;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * Two origins wrote different values to one field inside the conflict window.
 *
 * @param appliedOrigin  whose value the rules kept
 * @param needsOperator  true when no preference decided it (last write won) and an operator should settle it
 */
public record FieldConflict(String field, String group,
                            JsonNode localValue, String localOrigin, Instant localAt,
                            JsonNode remoteValue, String remoteOrigin, Instant remoteAt,
                            String appliedOrigin, boolean needsOperator) {
}
