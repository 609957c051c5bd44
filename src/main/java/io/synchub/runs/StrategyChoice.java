package io.synchub.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How much to pull when the caller says {@code auto}: real-time for a handful of ids, a full pull when the set is
 * large, the source was never pulled successfully or the last success is older than the incremental window, else an
 * incremental pull from the cursor. The reason is kept on the run.
 */
public record StrategyChoice(String strategy, String reason) {

    public static final int REAL_TIME_MAX_IDS = 10;
    public static final int FULL_ABOVE_IDS = 50;

    public static StrategyChoice of(SyncRequest request, Optional<Instant> lastSuccess, Optional<String> cursor,
                                    Duration incrementalWindow, Instant now) {
        if (!"auto".equals(request.strategy())) {
            return new StrategyChoice(request.strategy(), "requested by the caller");
        }
        int ids = request.ids().size();
        if (ids > 0 && ids <= REAL_TIME_MAX_IDS) {
            return new StrategyChoice("real-time", ids + " ids given (at most " + REAL_TIME_MAX_IDS + " are read one by one)");
        }
        if (ids > FULL_ABOVE_IDS) {
            return new StrategyChoice("full", ids + " ids given (more than " + FULL_ABOVE_IDS + ": a full pull is cheaper)");
        }
        if (lastSuccess.isEmpty() || cursor.isEmpty()) {
            return new StrategyChoice("full", "no earlier successful run: nothing to continue from");
        }
        Duration age = Duration.between(lastSuccess.get(), now);
        if (age.compareTo(incrementalWindow) > 0) {
            return new StrategyChoice("full", "the last successful run finished " + age.toMinutes() + " min ago, longer than the "
                    + incrementalWindow.toMinutes() + " min incremental window");
        }
        return new StrategyChoice("incremental", "the last successful run finished " + age.toMinutes()
                + " min ago, within the " + incrementalWindow.toMinutes() + " min window: pull changes since the cursor"
                + (ids > 0 ? " (" + ids + " ids given: between " + REAL_TIME_MAX_IDS + " and " + FULL_ABOVE_IDS + ")" : ""));
    }
}
