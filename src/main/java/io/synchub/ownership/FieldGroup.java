package io.synchub.ownership;

import java.util.List;
import java.util.Set;

/**
 * One ownership group of {@code ownership.yaml}: its fields, the origins that may write them, and how a
 * disagreement inside the conflict window is settled.
 *
 * @param prefer        origins whose value wins a conflict; empty means the last write wins
 * @param recordConflicts whether a conflict leaves a record for operators
 */
public record FieldGroup(String name, Set<String> fields, Set<String> writers, List<String> prefer, boolean recordConflicts) {

    public static final String ALL = "ALL";

    public boolean mayWrite(String origin) {
        return writers.contains(ALL) || writers.contains(origin);
    }

    public boolean prefers(String origin) {
        return prefer.contains(origin);
    }
}
