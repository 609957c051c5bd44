package io.platformsim.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** Every request a simulator received, newest last, bounded (oldest dropped first) so long demo runs stay small. */
public final class RequestJournal {

    static final Set<String> REDACTED = Set.of("authorization", "x-shopify-access-token", "cookie", "x-api-key", "user-key",
            "x-ploomes-validation-key");

    private final int capacity;
    private final Deque<RecordedRequest> entries = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();
    private long total;

    public RequestJournal(int capacity) {
        this.capacity = capacity;
    }

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    public synchronized void add(RecordedRequest r) {
        entries.addLast(r);
        total++;
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
    }

    public synchronized List<RecordedRequest> all() {
        return new ArrayList<>(entries);
    }

    public synchronized List<RecordedRequest> matching(Predicate<RecordedRequest> filter) {
        return entries.stream().filter(filter).toList();
    }

    public List<RecordedRequest> matching(String method, String pathPrefix) {
        return matching(r -> r.is(method, pathPrefix));
    }

    /** Requests received since the journal was created (including those the capacity dropped). */
    public synchronized long total() {
        return total;
    }

    public synchronized void clear() {
        entries.clear();
    }

    public synchronized ArrayNode toJson(int limit) {
        ArrayNode a = Json.array();
        List<RecordedRequest> list = new ArrayList<>(entries);
        for (RecordedRequest r : list.subList(Math.max(0, list.size() - limit), list.size())) {
            ObjectNode o = a.addObject();
            o.put("sequence", r.sequence()).put("at", r.at().toString()).put("method", r.method()).put("path", r.path())
                    .put("query", r.rawQuery()).put("status", r.status()).put("fault", r.fault()).put("body", r.body());
            ObjectNode h = o.putObject("headers");
            r.headers().forEach(h::put);
        }
        return a;
    }
}
