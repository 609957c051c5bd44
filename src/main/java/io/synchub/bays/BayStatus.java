package io.synchub.bays;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A washing bay's availability. */
public enum BayStatus {
    AVAILABLE, BUSY, MAINTENANCE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BayStatus fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst().orElse(null);
    }

    public static String allWire() {
        return Arrays.stream(values()).map(BayStatus::wire).collect(Collectors.joining(", "));
    }
}
