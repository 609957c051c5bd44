package io.synchub.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What one sync run did so far, updated by its threads and saved with the run. */
public final class RunCounters {

    /** The error classes a run counts. */
    public enum ErrorClass { network, rate_limit, database, validation, authentication }

    private static final int EXAMPLES = 3;

    public final AtomicLong pages = new AtomicLong();
    public final AtomicLong requests = new AtomicLong();
    public final AtomicLong rateLimited = new AtomicLong();
    public final AtomicLong fetched = new AtomicLong();
    public final AtomicLong created = new AtomicLong();
    public final AtomicLong updated = new AtomicLong();
    public final AtomicLong unchanged = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();
    private final Map<ErrorClass, Long> errors = new LinkedHashMap<>();
    private final Map<ErrorClass, List<String>> examples = new LinkedHashMap<>();

    public synchronized void error(ErrorClass kind, String example) {
        errors.merge(kind, 1L, Long::sum);
        List<String> list = examples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (list.size() < EXAMPLES && example != null) {
            list.add(example.length() > 300 ? example.substring(0, 300) : example);
        }
    }

    public synchronized long errors(ErrorClass kind) {
        return errors.getOrDefault(kind, 0L);
    }

    /** {class: {count, examples}} */
    public synchronized ObjectNode errorsJson() {
        ObjectNode o = CanonicalJson.object();
        errors.forEach((k, n) -> {
            ObjectNode e = o.putObject(k.name()).put("count", n);
            examples.getOrDefault(k, List.of()).forEach(e.putArray("examples")::add);
        });
        return o;
    }
}
