package io.synchub.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Starts pulls of the declared sources in the background and logs them as runs: the strategy chosen (with its
 * reason), counters saved as pages commit, the outcome. One run per source at a time (SyncRuns answers 409).
 */
@Component("syncRunner")
public class SyncRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRunner.class);

    private final SyncRuns runs;
    private final Map<String, SyncSource> sources;
    private final ExecutorService executor;
    private final Map<Long, Future<?>> active = new ConcurrentHashMap<>();

    public SyncRunner(SyncRuns runs, List<SyncSource> sources) {
        this.runs = runs;
        this.sources = sources.stream().collect(Collectors.toMap(SyncSource::name, Function.identity()));
        this.sources.keySet().forEach(runs::registerSource);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sync-run-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public SyncSource source(String name) {
        SyncSource s = name == null ? null : sources.get(name.toLowerCase());
        if (s == null) {
            throw ApiException.notFound("sync source '" + name + "'");
        }
        return s;
    }

    /** Chooses the strategy, logs the run and starts it; returns the run as stored (status running). */
    public ObjectNode start(String sourceName, SyncRequest request) {
        SyncSource source = source(sourceName);
        if (!source.enabled()) {
            throw new ApiException(503, "source_disabled", sourceName + " is not configured (base URL and key unset)");
        }
        source.validate(request);
        StrategyChoice choice = StrategyChoice.of(request, runs.lastSuccess(source.name()), runs.cursor(source.name()),
                source.incrementalWindow(), Instant.now());
        long id = runs.start(source.name(), choice.strategy(), choice.reason(), request.scope());
        RunCounters counters = new RunCounters();
        active.put(id, executor.submit(() -> execute(source, id, choice.strategy(), request, counters)));
        return runs.get(id).orElseThrow();
    }

    /** The body of the JSON API: {@code {"strategy":…}} text; 202 with the run. */
    public ObjectNode startFromJson(String sourceName, String body) {
        return start(sourceName, SyncRequest.parse(body));
    }

    /** A scheduled run: skipped quietly when the source is disabled or already running. */
    public void scheduled(String sourceName, String strategy) {
        SyncSource source = source(sourceName);
        if (!source.enabled() || runs.runningId(source.name()).isPresent()) {
            return;
        }
        try {
            start(sourceName, SyncRequest.of(strategy));
        } catch (ApiException e) {
            LOG.info("scheduled {} sync of {} not started: {}", strategy, sourceName, e.getMessage());
        }
    }

    private void execute(SyncSource source, long id, String strategy, SyncRequest request, RunCounters counters) {
        try {
            source.pull(id, strategy, request, counters, () -> runs.progress(id, counters));
            boolean clean = counters.failed.get() == 0;
            runs.finish(id, source.name(), clean ? SyncRuns.SUCCEEDED : SyncRuns.FAILED, counters,
                    clean ? null : counters.failed.get() + " products could not be stored; see errors");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runs.finish(id, source.name(), SyncRuns.INTERRUPTED, counters, "stopped before it finished; the next run resumes from the committed cursor");
        } catch (Exception e) {
            LOG.warn("{} run {} failed: {}", source.name(), id, e.toString());
            runs.finish(id, source.name(), SyncRuns.FAILED, counters, e.getMessage());
        } finally {
            active.remove(id);
        }
    }

    /** Waits until the run is no longer running (tests, demo); false on timeout. */
    public boolean await(long id, long timeoutMillis) throws InterruptedException {
        long until = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < until) {
            String status = runs.get(id).map(r -> r.path("status").asText()).orElse("");
            if (!SyncRuns.RUNNING.equals(status)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Stops a run's thread as a crash would, leaving the run marked running (tests of crash recovery). */
    public void kill(long id) {
        Future<?> f = active.get(id);
        if (f != null) {
            f.cancel(true);
        }
    }
}
