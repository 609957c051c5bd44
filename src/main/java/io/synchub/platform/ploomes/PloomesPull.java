package io.synchub.platform.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.canonical.CanonicalJson;
import io.synchub.mapping.JsonataMappings;
import io.synchub.ownership.DurationText;
import io.synchub.product.ApplyResult;
import io.synchub.product.ProductStore;
import io.synchub.product.ProductWrite;
import io.synchub.runs.RunCounters;
import io.synchub.runs.RunCounters.ErrorClass;
import io.synchub.runs.SyncRequest;
import io.synchub.runs.SyncRuns;
import io.synchub.runs.SyncSource;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pulls Ploomes products into the central store: full (ordered by Id, resumable after a crash from the last
 * committed Id), incremental ({@code LastUpdateDate gt <cursor>} ordered by LastUpdateDate, the cursor read and
 * written in PLOOMES_TIMEZONE) and real-time by ids ({@code Id in (…)}). PLOOMES_CONCURRENCY pages are in flight, all
 * requests share the pacer of {@link PloomesApi}; every product is mapped by {@code mappings/ploomes/product-in}
 * with its categories and merged under field ownership. A cursor moves only past pages whose rows all committed,
 * and only over a gap-free prefix of pages.
 */
@Component
public class PloomesPull implements SyncSource {

    static final String FULL_RESUME = PloomesDeclaration.SOURCE + ".full";
    static final int IDS_PER_REQUEST = 50;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private final PloomesDeclaration platform;
    private final PloomesApi api;
    private final PloomesCategoryRules categories;
    private final JsonataMappings mappings;
    private final ProductStore store;
    private final SyncRuns runs;
    private final Duration incrementalWindow;
    private final TransactionTemplate transactions;

    public PloomesPull(PloomesDeclaration platform, PloomesApi api, PloomesCategoryRules categories, JsonataMappings mappings,
                       ProductStore store, SyncRuns runs, Environment env, PlatformTransactionManager txManager) {
        this.transactions = new TransactionTemplate(txManager);
        this.platform = platform;
        this.api = api;
        this.categories = categories;
        this.mappings = mappings;
        this.store = store;
        this.runs = runs;
        this.incrementalWindow = DurationText.parse(env.getProperty("PLOOMES_INCREMENTAL_WINDOW", "6h"));
    }

    @Override
    public String name() {
        return PloomesDeclaration.SOURCE;
    }

    @Override
    public boolean enabled() {
        return platform.enabled();
    }

    @Override
    public Duration incrementalWindow() {
        return incrementalWindow;
    }

    @Override
    public void validate(SyncRequest request) {
        for (String c : request.categories()) {
            if (!categories.known(c)) {
                throw ApiException.badRequest("unknown category '" + c + "'; the categories are " + categories.keys());
            }
        }
    }

    @Override
    public void pull(long runId, String strategy, SyncRequest request, RunCounters run, Runnable progress) throws Exception {
        Set<String> wanted = Set.copyOf(request.categories());
        String categoryFilter = wanted.size() == 1 ? categories.odataFilter(wanted.iterator().next()).orElse(null) : null;
        switch (strategy) {
            case "real-time" -> realTime(request.ids(), wanted, run, progress);
            case "incremental" -> {
                String cursor = runs.cursor(name()).orElse(null);
                if (cursor == null) {
                    full(runId, wanted, categoryFilter, run, progress);
                } else {
                    incremental(runId, cursor, wanted, categoryFilter, run, progress);
                }
            }
            default -> full(runId, wanted, categoryFilter, run, progress);
        }
    }

    private void realTime(List<String> ids, Set<String> wanted, RunCounters run, Runnable progress) throws InterruptedException {
        for (int from = 0; from < ids.size(); from += IDS_PER_REQUEST) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_REQUEST));
            JsonNode page = api.get(query("Id in (" + String.join(",", chunk) + ")", "Id", 0, chunk.size()), run);
            run.pages.incrementAndGet();
            applyAll(page.path("value"), wanted, run);
            progress.run();
        }
    }

    private void full(long runId, Set<String> wanted, String categoryFilter, RunCounters run, Runnable progress) throws Exception {
        Instant startedAt = Instant.now();
        String resumeAfter = wanted.isEmpty() ? runs.cursor(FULL_RESUME).orElse(null) : null;
        String filter = and(resumeAfter == null ? null : "Id gt " + resumeAfter, categoryFilter);
        String[] newest = {null};
        pages(filter, "Id", wanted, run, progress, (lastOfPage, newestOfPage) -> {
            if (wanted.isEmpty()) {
                runs.advanceCursor(FULL_RESUME, lastOfPage.path("Id").asText(), runId, Comparator.comparingLong(Long::parseLong));
            }
        }, newest);
        if (wanted.isEmpty()) {
            // the whole set is stored: incrementals continue from the newest change seen, never from after the start
            String startLocal = LOCAL.format(LocalDateTime.ofInstant(startedAt.minusSeconds(1), platform.zone()));
            String cursor = newest[0] == null ? startLocal : min(newest[0], startLocal);
            runs.advanceCursor(name(), cursor, runId, PloomesPull::compareLocal);
            runs.clearCursor(FULL_RESUME);
        }
    }

    private void incremental(long runId, String cursor, Set<String> wanted, String categoryFilter, RunCounters run, Runnable progress) throws Exception {
        pages(and("LastUpdateDate gt " + cursor, categoryFilter), "LastUpdateDate", wanted, run, progress,
                (lastOfPage, newestOfPage) -> {
                    if (wanted.isEmpty() && categoryFilter == null) {
                        runs.advanceCursor(name(), lastOfPage.path("LastUpdateDate").asText(), runId, PloomesPull::compareLocal);
                    }
                }, new String[1]);
    }

    /** What to do when every page up to and including one has committed: its last row and the newest change seen. */
    private interface PrefixCommitted {
        void committed(JsonNode lastOfPage, String newestOfPage);
    }

    /**
     * How the pages after the first are found, decided from the first answer: the {@code @odata.nextLink} is followed
     * when Ploomes sends one; when it is the same {@code $skip} query the hub would build, the pages are read by
     * {@code $skip} with PLOOMES_CONCURRENCY in flight (the same requests, concurrently), else one link after the other.
     * Without a next link a full page is followed by {@code $skip} until a short or empty page.
     */
    public enum Paging { SKIP, LINKS, DONE }

    public static Paging pagingAfterFirst(JsonNode first, int top) {
        JsonNode items = first.path("value");
        String link = first.path("@odata.nextLink").asText(null);
        if (link == null || link.isBlank()) {
            return items.size() < top ? Paging.DONE : Paging.SKIP;
        }
        return skipOf(link) == top ? Paging.SKIP : Paging.LINKS;
    }

    /** The {@code $skip} of a next link, or -1 when it has none (a server-side token). */
    public static int skipOf(String link) {
        int q = link.indexOf('?');
        if (q < 0) {
            return -1;
        }
        for (String part : link.substring(q + 1).split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && "$skip".equals(java.net.URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8))) {
                try {
                    return Integer.parseInt(part.substring(eq + 1));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /**
     * Reads the first page, then the rest as {@link #pagingAfterFirst} decides: by {@code $skip} (k × page size) with
     * PLOOMES_CONCURRENCY workers until a page is short, or has no next link where Ploomes sends them; or following
     * each page's next link. Applies each page's products and reports every newly gap-free prefix of committed pages.
     */
    private void pages(String filter, String orderBy, Set<String> wanted, RunCounters run, Runnable progress,
                       PrefixCommitted onPrefix, String[] newest) throws Exception {
        int top = platform.pageSize();
        TreeMap<Integer, JsonNode> committed = new TreeMap<>();
        int[] prefix = {-1};
        JsonNode first = api.get(query(filter, orderBy, 0, top), run);
        Paging paging = pagingAfterFirst(first, top);
        boolean linksSent = first.hasNonNull("@odata.nextLink");
        page(0, first, wanted, run, progress, onPrefix, newest, committed, prefix);
        if (paging == Paging.DONE) {
            return;
        }
        if (paging == Paging.LINKS) {
            JsonNode current = first;
            for (int k = 1; current.hasNonNull("@odata.nextLink") && !current.path("value").isEmpty(); k++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                current = api.get(current.get("@odata.nextLink").asText(), run);
                page(k, current, wanted, run, progress, onPrefix, newest, committed, prefix);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger(1);
        AtomicInteger end = new AtomicInteger(Integer.MAX_VALUE);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService workers = Executors.newFixedThreadPool(platform.concurrency(), r -> {
            Thread t = new Thread(r, "ploomes-page");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < platform.concurrency(); w++) {
                futures.add(workers.submit(() -> {
                    while (true) {
                        if (stop.get() || Thread.currentThread().isInterrupted()) {
                            return null;
                        }
                        int k = next.getAndIncrement();
                        if (k >= end.get()) {
                            return null;
                        }
                        JsonNode page = api.get(query(filter, orderBy, k * top, top), run);
                        JsonNode items = page.path("value");
                        if (items.size() < top || (linksSent && !page.hasNonNull("@odata.nextLink"))) {
                            end.accumulateAndGet(k + 1, Math::min);
                        }
                        page(k, page, wanted, run, progress, onPrefix, newest, committed, prefix);
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    if (e.getCause() instanceof Exception ex) {
                        throw ex;
                    }
                    throw e;
                }
            }
        } finally {
            // the run ends only when none of its workers can write any more (a next run must not race them)
            stop.set(true);
            workers.shutdownNow();
            awaitQuietly(workers);
        }
    }

    /** Applies page {@code k} and moves the committed prefix (pages may commit out of order). */
    private void page(int k, JsonNode page, Set<String> wanted, RunCounters run, Runnable progress, PrefixCommitted onPrefix,
                      String[] newest, TreeMap<Integer, JsonNode> committed, int[] prefix) {
        JsonNode items = page.path("value");
        if (items.isEmpty()) {
            return;
        }
        run.pages.incrementAndGet();
        Applied applied = applyAll(items, wanted, run);
        String pageNewest = applied.newest();
        synchronized (committed) {
            if (applied.allStored()) {
                // a page with a row that did not commit holds the cursor before it
                committed.put(k, items.get(items.size() - 1));
            }
            if (pageNewest != null && (newest[0] == null || compareLocal(pageNewest, newest[0]) > 0)) {
                newest[0] = pageNewest;
            }
            while (committed.containsKey(prefix[0] + 1)) {
                prefix[0]++;
                onPrefix.committed(committed.remove(prefix[0]), pageNewest);
            }
        }
        progress.run();
    }

    private static void awaitQuietly(ExecutorService workers) {
        boolean interrupted = false;
        while (true) {
            try {
                if (workers.awaitTermination(60, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private record Applied(String newest, boolean allStored) {
    }

    /**
     * Applies every product of a page in one transaction (commits bound the throughput), the new ones written together
     * ({@link ProductStore#applyAll}); when any product fails the page rolls back and its products are applied one by
     * one, so one bad row fails alone. Returns the newest LastUpdateDate among them and whether every row committed.
     */
    private Applied applyAll(JsonNode items, Set<String> wanted, RunCounters run) {
        String newest = null;
        for (JsonNode p : items) {
            run.fetched.incrementAndGet();
            String lud = p.path("LastUpdateDate").asText(null);
            if (lud != null && (newest == null || compareLocal(lud, newest) > 0)) {
                newest = lud;
            }
        }
        RunCounters page = new RunCounters();
        try {
            transactions.executeWithoutResult(tx -> {
                List<ProductWrite> writes = new ArrayList<>(items.size());
                for (JsonNode p : items) {
                    PloomesCategoryRules.Match match = categories.match(p);
                    if (wanted.isEmpty() || match.categories().stream().anyMatch(wanted::contains)) {
                        try {
                            writes.add(write(p, match, null));
                        } catch (IllegalArgumentException e) {
                            throw new PageRolledBack(); // counted with its reason when the page is applied row by row
                        }
                    }
                }
                store.applyAll(writes).forEach(r -> count(r, page));
            });
            run.created.addAndGet(page.created.get());
            run.updated.addAndGet(page.updated.get());
            run.unchanged.addAndGet(page.unchanged.get());
            return new Applied(newest, true);
        } catch (PageRolledBack | DataAccessException e) {
            boolean all = true;
            for (JsonNode p : items) {
                all &= apply(p, wanted, run);
            }
            return new Applied(newest, all);
        }
    }

    private static final class PageRolledBack extends RuntimeException {
        PageRolledBack() {
            super(null, null, false, false);
        }
    }

    /** Maps one Ploomes product and merges it into the store, counting the outcome; false when it failed. */
    public boolean apply(JsonNode product, Set<String> wanted, RunCounters run) {
        PloomesCategoryRules.Match match = categories.match(product);
        if (!wanted.isEmpty() && match.categories().stream().noneMatch(wanted::contains)) {
            return true;
        }
        try {
            count(store.apply(write(product, match, null)), run);
            return true;
        } catch (DataAccessException e) {
            run.failed.incrementAndGet();
            run.error(ErrorClass.database, "product " + product.path("Id").asText() + ": " + e.getMostSpecificCause().getMessage());
        } catch (IllegalArgumentException e) {
            run.failed.incrementAndGet();
            run.error(ErrorClass.validation, "product " + product.path("Id").asText() + ": " + e.getMessage());
        }
        return false;
    }

    private static void count(ApplyResult r, RunCounters run) {
        if (r.created()) {
            run.created.incrementAndGet();
        } else if (r.outcome() != null && r.outcome().changesSomething()) {
            run.updated.incrementAndGet();
        } else {
            run.unchanged.incrementAndGet();
        }
    }

    /** The canonical write of one Ploomes product (also used by the webhook). */
    public ProductWrite write(JsonNode product, PloomesCategoryRules.Match match, Long inboxId) {
        ObjectNode doc = CanonicalJson.object();
        doc.set("product", product);
        ArrayNode cats = doc.putArray("categories");
        match.categories().forEach(cats::add);
        doc.put("productType", match.productType());
        String lud = product.path("LastUpdateDate").asText(null);
        doc.put("sourceAt", lud == null ? null : sourceAt(lud));
        String mapped = mappings.map("ploomes/product-in", doc);
        return ProductWrite.fromMapped(CanonicalJson.parse(mapped), platform.clientId(), PloomesDeclaration.ORIGIN, inboxId);
    }

    public PloomesCategoryRules.Match categorise(JsonNode product) {
        return categories.match(product);
    }

    /** A Ploomes timestamp (no offset) read in PLOOMES_TIMEZONE, with its offset. */
    String sourceAt(String local) {
        try {
            return LocalDateTime.parse(local).atZone(platform.zone()).toOffsetDateTime().toString();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("LastUpdateDate '" + local + "' is not a timestamp");
        }
    }

    private String query(String filter, String orderBy, int skip, int top) {
        StringBuilder q = new StringBuilder(platform.productsPath()).append("?$top=").append(top).append("&$skip=").append(skip)
                .append("&$orderby=").append(enc(orderBy));
        if (!platform.expand().isEmpty()) {
            q.append("&$expand=").append(enc(String.join(",", platform.expand())));
        }
        if (filter != null) {
            q.append("&$filter=").append(enc(filter));
        }
        return q.toString();
    }

    private static String and(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + " and " + b;
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static int compareLocal(String a, String b) {
        return LocalDateTime.parse(a).compareTo(LocalDateTime.parse(b));
    }

    private static String min(String a, String b) {
        return compareLocal(a, b) <= 0 ? a : b;
    }
}
