package io.synchub.ownership;

import java.util.List;
import java.util.Set;

/**
 * One ownership group of {@code ownership.yaml}: its fields, the origins that may write them, and how a
 * disagreement inside the conflict window is settled.
 *
 * @param prefer        a ranking: inside the window the value of the origin listed first wins; an unlisted origin ranks
 *                      after every listed one; equal ranks (e.g. an empty list) mean the last write wins
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

    /** The origin's place in the {@code prefer} ranking (0 = strongest); every unlisted origin shares the last place. */
    public int rank(String origin) {
        int i = prefer.indexOf(origin);
        return i < 0 ? prefer.size() : i;
    }
}
