package io.synchub.bays;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Where a washing job is: queued → running → done | failed (a queued job may also fail); done and failed are final. */
public enum JobStatus {
    QUEUED, RUNNING, DONE, FAILED;

    public Set<JobStatus> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, FAILED);
            case RUNNING -> EnumSet.of(DONE, FAILED);
            case DONE, FAILED -> EnumSet.noneOf(JobStatus.class);
        };
    }

    /** Queued or running: what a bay's {@code activeJobs} shows. */
    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst().orElse(null);
    }

    public static String allWire() {
        return Arrays.stream(values()).map(JobStatus::wire).collect(Collectors.joining(", "));
    }
}
