package io.synchub.sync;

import java.time.Duration;

/** Durations as people read them in a log line: "45 s", "1 min 30 s", "2 h", "250 ms" (not PT1M30S). */
public final class Readable {

    private Readable() {
    }

    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = Math.round(ms / 1000.0);
        if (s < 60) {
            return s + " s";
        }
        long h = s / 3600;
        long min = (s % 3600) / 60;
        long sec = s % 60;
        StringBuilder b = new StringBuilder();
        if (h > 0) {
            b.append(h).append(" h");
        }
        if (min > 0) {
            b.append(b.isEmpty() ? "" : " ").append(min).append(" min");
        }
        if (sec > 0) {
            b.append(b.isEmpty() ? "" : " ").append(sec).append(" s");
        }
        return b.toString();
    }
}
