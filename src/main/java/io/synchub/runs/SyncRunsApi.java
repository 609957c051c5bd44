package io.synchub.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.canonical.CanonicalJson;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.Set;

/** The run log's HTTP side: start a run of a source, list runs, one run. */
@Component("syncRunsApi")
public class SyncRunsApi {

    private static final Set<String> STATUSES = Set.of(SyncRuns.RUNNING, SyncRuns.SUCCEEDED, SyncRuns.FAILED, SyncRuns.INTERRUPTED);

    private final SyncRuns runs;
    private final SyncRunner runner;
    private final io.synchub.search.ProductSearch search;

    public SyncRunsApi(SyncRuns runs, SyncRunner runner, io.synchub.search.ProductSearch search) {
        this.runs = runs;
        this.runner = runner;
        this.search = search;
    }

    public String start(String source, String body) {
        return CanonicalJson.write(runner.startFromJson(source, body));
    }

    /** A seed alias: the strategy and categories fixed by the path, the body (if any) ignored. */
    public String startAlias(String source, String strategy, String category) {
        SyncRequest request = new SyncRequest(strategy, java.util.List.of(),
                category == null || category.isBlank() ? java.util.List.of() : java.util.List.of(category), "normal");
        return CanonicalJson.write(runner.start(source, request));
    }

    /** A real-time run of the ids in {@code {"ids":[…]}} (the seed's {@code productIds} is accepted too). */
    public String startRealTime(String source, String body) {
        String normalised = body == null ? "" : body.replace("\"productIds\"", "\"ids\"");
        SyncRequest parsed = SyncRequest.parse(normalised);
        return CanonicalJson.write(runner.start(source, parsed.withStrategy("real-time")));
    }

    /** The source's sync status: the running run, the newest run, the last success, the cursor, the cache hit rates. */
    public String status(String source) {
        ObjectNode o = CanonicalJson.object().put("source", source);
        o.set("running", runs.runningId(source).flatMap(runs::get).orElse(null));
        var latest = runs.list(source, null, 1);
        o.set("lastRun", latest.isEmpty() ? null : latest.get(0));
        o.put("lastSuccessAt", runs.lastSuccess(source).map(Object::toString).orElse(null));
        o.put("cursor", runs.cursor(source).orElse(null));
        o.set("cache", search.stats());
        return CanonicalJson.write(o);
    }

    public String list(@Header("source") String source, @Header("status") String status, @Header("limit") String limit) {
        if (status != null && !status.isBlank() && !STATUSES.contains(status.trim().toLowerCase())) {
            throw ApiException.badRequest("status must be one of " + STATUSES);
        }
        int n = 50;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("limit must be a number from 1 to 500");
            }
            if (n < 1 || n > 500) {
                throw ApiException.badRequest("limit must be a number from 1 to 500");
            }
        }
        ObjectNode o = CanonicalJson.object();
        o.set("items", runs.list(source, status, n));
        return CanonicalJson.write(o);
    }

    public String get(@Header("id") String id) {
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("a run id is a number");
        }
        return CanonicalJson.write(runs.get(n).orElseThrow(() -> ApiException.notFound("run " + id)));
    }
}
