package io.platformsim.jtl;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only, time-ordered feed behind FFN's {@code …/updates} endpoints. Entries get strictly increasing
 * timestamps (so a window [from, to) is stable once {@code to} has passed) and remember the application that caused
 * them (for {@code ignoreOwnApplicationId}).
 */
final class ChangeFeed {

    /** One entry; its JSON is rendered when read, so a feed of 100,000s of changes stays small in memory. */
    record Entry(Instant at, String applicationId, java.util.function.Function<Instant, ObjectNode> render) {
        ObjectNode body() {
            return render.apply(at);
        }
    }

    record Page(List<Entry> entries, boolean more) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private Instant last = Instant.EPOCH;

    /** Appends and returns the entry's timestamp (never before the previous one, millisecond steps). */
    synchronized Instant append(String applicationId, java.util.function.Function<Instant, ObjectNode> body) {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant at = now.isAfter(last) ? now : last.plusMillis(1);
        last = at;
        entries.add(new Entry(at, applicationId, body));
        return at;
    }

    /** The latest timestamp handed out, so a window's {@code to} can be placed after every entry already in the feed. */
    synchronized Instant now() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return now.isAfter(last) ? now : last.plusMillis(1);
    }

    synchronized Page page(Instant from, Instant to, String ignoreApplicationId, int page, int size) {
        int start = firstAtOrAfter(from);
        int skip = (page - 1) * size;
        List<Entry> out = new ArrayList<>();
        boolean more = false;
        for (int i = start; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (!e.at.isBefore(to)) {
                break;
            }
            if (ignoreApplicationId != null && ignoreApplicationId.equals(e.applicationId)) {
                continue;
            }
            if (skip > 0) {
                skip--;
                continue;
            }
            if (out.size() == size) {
                more = true;
                break;
            }
            out.add(e);
        }
        return new Page(out, more);
    }

    synchronized int size() {
        return entries.size();
    }

    private int firstAtOrAfter(Instant from) {
        int lo = 0;
        int hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).at.isBefore(from)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
