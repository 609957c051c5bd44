package io.synchub.ownership;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The field-ownership decision, free of I/O: given the stored state of a product and an incoming write from
 * one origin, which fields apply, which are dropped (not owned, stale, lost a conflict) and which conflicts
 * to record.
 */
public final class MergeEngine {

    private MergeEngine() {
    }

    /**
     * @param current       stored field states (absent = never written)
     * @param sourceClocks  per field, per origin: the newest source time the hub applied from that origin
     * @param sourceAt      the source's own time of this write, or null when it gives none
     * @param creating      this write creates the product (fields in {@code takenOnCreate} are accepted once)
     */
    public static MergeOutcome merge(OwnershipRules rules, String clientId, String origin, Instant now, Instant sourceAt,
                                     JsonNode incoming, Map<String, FieldState> current,
                                     Map<String, Map<String, Instant>> sourceClocks, boolean creating) {
        return merge(rules, clientId, origin, now, sourceAt, incoming, current, sourceClocks, Map.of(), creating);
    }

    /**
     * @param lastSeen per field, per origin: the value the hub last saw from that origin. A field whose incoming value
     *                 equals it did not change at the origin: it is no write (a platform that cannot hold a field keeps
     *                 sending its own value; a reconciliation pull repeats what a webhook already brought)
     */
    public static MergeOutcome merge(OwnershipRules rules, String clientId, String origin, Instant now, Instant sourceAt,
                                     JsonNode incoming, Map<String, FieldState> current,
                                     Map<String, Map<String, Instant>> sourceClocks,
                                     Map<String, Map<String, JsonNode>> lastSeen, boolean creating) {
        Map<String, JsonNode> applied = new LinkedHashMap<>();
        List<DroppedField> dropped = new ArrayList<>();
        List<FieldConflict> conflicts = new ArrayList<>();
        Map<String, Instant> clockAdvances = new LinkedHashMap<>();
        Duration window = rules.conflictWindow();

        for (Iterator<Map.Entry<String, JsonNode>> it = incoming.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            JsonNode value = CanonicalJson.normalise(e.getValue());
            Optional<FieldGroup> maybeGroup = rules.groupOf(clientId, field);
            if (maybeGroup.isEmpty()) {
                dropped.add(new DroppedField(field, value, DroppedField.Reason.UNKNOWN_FIELD,
                        "no group in ownership.yaml names '" + field + "'"));
                continue;
            }
            FieldGroup group = maybeGroup.get();
            FieldState state = current.get(field);
            JsonNode seenFromOrigin = lastSeen.getOrDefault(field, Map.of()).get(origin);
            if (seenFromOrigin != null && state != null && !isNull(state.value()) && CanonicalJson.sameValue(seenFromOrigin, value)) {
                continue; // unchanged at its origin since the hub last saw it: no attempt to change anything
            }
            boolean firstWrite = creating && rules.takenOnCreate(field) && (state == null || isNull(state.value()));
            if (!group.mayWrite(origin) && !firstWrite) {
                if (CanonicalJson.sameValue(state == null ? null : state.value(), value)) {
                    continue; // repeating the stored value is no attempt to change it: nothing to drop or log
                }
                dropped.add(new DroppedField(field, value, DroppedField.Reason.OWNERSHIP,
                        origin + " may not write " + group.name() + " field '" + field + "'"));
                continue;
            }
            Instant lastFromOrigin = sourceClocks.getOrDefault(field, Map.of()).get(origin);
            if (sourceAt != null && lastFromOrigin != null && sourceAt.isBefore(lastFromOrigin)) {
                dropped.add(new DroppedField(field, value, DroppedField.Reason.STALE,
                        origin + " sent " + sourceAt + ", older than " + lastFromOrigin + " already applied"));
                continue;
            }
            if (sourceAt != null && (lastFromOrigin == null || sourceAt.isAfter(lastFromOrigin))) {
                clockAdvances.put(field, sourceAt);
            }
            if (state != null && CanonicalJson.sameValue(state.value(), value)) {
                continue;
            }
            boolean insideWindow = state != null && state.origin() != null && !state.origin().equals(origin)
                    && state.at() != null && Duration.between(state.at(), now).compareTo(window) < 0;
            if (insideWindow) {
                // prefer is a ranking: the earlier an origin is listed, the stronger; unlisted origins rank last
                int incomingRank = group.rank(origin);
                int localRank = group.rank(state.origin());
                boolean localWins = localRank < incomingRank;
                boolean decidedByPreference = incomingRank != localRank;
                if (group.recordConflicts()) {
                    conflicts.add(new FieldConflict(field, group.name(), state.value(), state.origin(), state.at(),
                            value, origin, now, localWins ? state.origin() : origin, !decidedByPreference));
                }
                if (localWins) {
                    dropped.add(new DroppedField(field, value, DroppedField.Reason.CONFLICT_LOST,
                            state.origin() + " wrote '" + field + "' " + Duration.between(state.at(), now).toSeconds()
                                    + "s ago and ranks before " + origin + " for " + group.name() + " fields inside the conflict window"));
                    continue;
                }
            }
            applied.put(field, value);
        }
        return new MergeOutcome(applied, dropped, conflicts, clockAdvances);
    }

    private static boolean isNull(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }
}
