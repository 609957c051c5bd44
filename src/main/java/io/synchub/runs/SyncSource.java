package io.synchub.runs;

import java.time.Duration;

/** A platform the hub pulls from with the run log's strategies (implemented in the platform's own package). */
public interface SyncSource {

    /** Lower-case source name used in the run log and the API path. */
    String name();

    boolean enabled();

    Duration incrementalWindow();

    /** Refuses (ApiException 400) what this source cannot do, e.g. an unknown category. */
    void validate(SyncRequest request);

    /** Pulls with a concrete strategy (full | incremental | real-time), counting on {@code run}; progress saved by the callback. */
    void pull(long runId, String strategy, SyncRequest request, RunCounters run, Runnable progress) throws Exception;
}
