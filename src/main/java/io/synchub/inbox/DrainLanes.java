package io.synchub.inbox;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Which drain lane takes a delivery. At intake a delivery gets a slot (0 … {@value #SLOTS} - 1) from the platform and
 * the id of the resource it is about; lane {@code i} of {@code n} drains the slots {@code slot mod n = i}. So every
 * delivery of one resource is drained by one lane, oldest first, whatever the number of lanes (it may change between
 * runs), and the lanes work on the cores in parallel. A delivery that names no resource is in slot 0.
 */
final class DrainLanes {

    static final int SLOTS = 1024;

    private final int count;

    DrainLanes(int count) {
        if (count < 1 || count > SLOTS) {
            throw new IllegalArgumentException("synchub.inbox.drain-lanes must be between 1 and " + SLOTS + ", was " + count);
        }
        this.count = count;
    }

    /** The slot of a delivery about {@code resourceKey} on {@code platform} (String.hashCode is the same in every JVM). */
    static int laneOf(String platform, String resourceKey) {
        if (resourceKey == null || resourceKey.isEmpty()) {
            return 0;
        }
        return Math.floorMod((platform + ":" + resourceKey).hashCode(), SLOTS);
    }

    List<Integer> all() {
        return IntStream.range(0, count).boxed().toList();
    }

    /** The SQL condition that keeps one lane's deliveries (empty with one lane). */
    String filter() {
        return count == 1 ? "" : "AND MOD(lane, " + count + ") = ?";
    }

    /** The arguments of the due query around {@link #filter()}: due time, [lane,] limit. */
    Object[] filterArgs(Object dueBefore, int lane, int limit) {
        if (lane < 0 || lane >= count) {
            throw new IllegalArgumentException("no drain lane " + lane + " of " + count);
        }
        return count == 1 ? new Object[]{dueBefore, limit} : new Object[]{dueBefore, lane, limit};
    }
}
