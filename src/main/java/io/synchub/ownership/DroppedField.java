package io.synchub.ownership;

import com.fasterxml.jackson.databind.JsonNode;

/** A field of an incoming write that was not applied, and why. */
public record DroppedField(String field, JsonNode value, Reason reason, String detail) {

    public enum Reason {
        /** the origin may not write this field ({@code ownership_dropped}) */
        OWNERSHIP("ownership_dropped"),
        /** no ownership group names the field */
        UNKNOWN_FIELD("ownership_dropped"),
        /** older than the last value applied from the same origin ({@code stale_skipped}) */
        STALE("stale_skipped"),
        /** lost a conflict to a preferred origin inside the window */
        CONFLICT_LOST("conflict_lost");

        private final String logAction;

        Reason(String logAction) {
            this.logAction = logAction;
        }

        public String logAction() {
            return logAction;
        }
    }
}
