package io.synchub.product;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.changelog.ChangeLog;
import io.synchub.conflict.ConflictStore;
import io.synchub.ownership.DroppedField;
import io.synchub.ownership.FieldConflict;
import io.synchub.ownership.MergeEngine;
import io.synchub.ownership.MergeOutcome;
import io.synchub.ownership.OwnershipRules;
import io.synchub.ownership.OwnershipRulesFile;
import io.synchub.synclog.SyncLog;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The central product store: matches an incoming write to its product (link, then client + SKU, else new),
 * runs the ownership merge, and stores product, field meta, sync log, conflicts, change log and outbound jobs
 * in the caller's transaction.
 */
@Component("productStore")
public class ProductStore {

    public static final String ENTITY_TYPE = "products";

    private final JdbcTemplate jdbc;
    private final OwnershipRulesFile ownership;
    private final SyncLog syncLog;
    private final ConflictStore conflicts;
    private final ChangeLog changeLog;
    private final List<ProductChangeListener> listeners;
    private final Clock clock;

    public ProductStore(JdbcTemplate jdbc, OwnershipRulesFile ownership, SyncLog syncLog, ConflictStore conflicts,
                        ChangeLog changeLog, List<ProductChangeListener> listeners, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.ownership = ownership;
        this.syncLog = syncLog;
        this.conflicts = conflicts;
        this.changeLog = changeLog;
        this.listeners = listeners;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Transactional
    public ApplyResult apply(ProductWrite write) {
        OwnershipRules rules = ownership.rules();
        Instant now = clock.instant();
        // found by a plain indexed read, locked only when found: H2 parses a FOR UPDATE query anew on every call (it
        // never caches one), which made the lookup of each new product of a full pull its costliest statement
        Long linkedId = findIdByVariantLink(write.clientId(), write.link()).orElse(null);
        StoredProduct linked = linkedId == null ? null : lockById(linkedId).orElse(null);
        if (linked != null) {
            return update(rules, linked, write, true, now);
        }
        Optional<Long> matched = findByInventoryItem(write.clientId(), write.link());
        boolean linkKnown = matched.isPresent();
        if (matched.isEmpty() && write.sku() != null) {
            matched = findIdBySku(write.clientId(), write.sku());
        }
        if (matched.isEmpty() && !write.mayCreate()) {
            String reason = "no product matches " + describe(write) + "; a stock update never creates a product";
            syncLog.record(null, "unmatched_skipped", write.origin(), null, null, null, reason, write.inboxId());
            return ApplyResult.skipped(reason);
        }
        if (matched.isEmpty()) {
            return create(rules, write, now);
        }
        StoredProduct product = lockById(matched.get()).orElseThrow();
        return update(rules, product, write, linkKnown, now);
    }

    /**
     * Looks up and row-locks together the products a run of writes names by variant link: one join per platform and
     * client for the links, one locking read of the products in id order, one read of their links' platforms. Each
     * write then goes to {@link #applyInRun} in turn; one product lookup and lock per write
     * were two of the statements every delivery paid for.
     */
    public LinkedProducts lockLinked(List<ProductWrite> writes) {
        WriteKeys keys = WriteKeys.of(writes);
        Map<String, Long> idByLink = linkedIds(keys.variants());
        Map<Long, StoredProduct> locked = new HashMap<>();
        Map<Long, Set<String>> platforms = new HashMap<>();
        List<Long> ids = new ArrayList<>(new TreeSet<>(idByLink.values()));
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            jdbc.query("SELECT * FROM products WHERE id IN (" + marks + ") ORDER BY id FOR UPDATE", ROW, chunk.toArray())
                    .forEach(p -> locked.put(p.id(), p));
            jdbc.query("SELECT DISTINCT product_id, platform FROM product_links WHERE product_id IN (" + marks + ") ORDER BY product_id, platform",
                    rs -> {
                        platforms.computeIfAbsent(rs.getLong(1), k -> new LinkedHashSet<>()).add(rs.getString(2));
                    }, chunk.toArray());
        }
        Set<String> known = knownSkuKeys(keys.skus());
        known.addAll(idByLink.keySet());
        return new LinkedProducts(idByLink, locked, platforms, known);
    }

    /**
     * What a run knows of the store: the products its writes name by link, locked for the run's transaction, each as
     * read before the run (used for one write at most; once a write changed it, or may have, see {@link #forget}, later
     * writes read it again); the rows its writes changed and the new products it queued, both not written yet; the link
     * and SKU keys the store holds.
     */
    public static final class LinkedProducts {
        private final Map<String, Long> idByLink;
        private final Map<Long, StoredProduct> unused;
        private final Map<Long, Set<String>> platforms;
        /** Statement → rows of the products the run changed, not written yet ({@link #flush}). */
        private final Map<String, List<Object[]>> pending = new LinkedHashMap<>();
        /** The link and SKU keys ({@link #keysOf}) the store holds, as far as the run knows. */
        private final Set<String> known;
        /** Write index → a new product of the run, merged and not inserted yet ({@link #insertQueued}). */
        private final Map<Integer, NewProduct> queuedNew = new LinkedHashMap<>();
        private final Set<String> queuedKeys = new HashSet<>();

        private LinkedProducts(Map<String, Long> idByLink, Map<Long, StoredProduct> unused, Map<Long, Set<String>> platforms,
                               Set<String> known) {
            this.idByLink = idByLink;
            this.unused = unused;
            this.platforms = platforms;
            this.known = known;
        }

        private Long idOf(ProductWrite write) {
            ProductLink link = write.link();
            return link == null || link.externalVariantId() == null ? null
                    : idByLink.get(linkKey(link.platform(), write.clientId(), link.externalVariantId()));
        }

        /** The write's product as read before the run, or null when the run has none unused for it. */
        private StoredProduct take(ProductWrite write) {
            Long id = idOf(write);
            return id == null ? null : unused.remove(id);
        }

        private void used(Long productId) {
            if (productId != null) {
                unused.remove(productId);
            }
        }

        /** Something other than the run's own writes may have changed the write's product: it is read again when used. */
        public void forget(ProductWrite write) {
            used(idOf(write));
        }

        private Set<String> platformsOf(long productId) {
            return platforms.getOrDefault(productId, Set.of());
        }
    }

    /**
     * Applies one write of a run, as {@link #apply(ProductWrite)} would: a product the run read and locked is merged as
     * read; any other write (a new product, a SKU match, a product an earlier write of the run changed) goes through
     * {@link #apply(ProductWrite)}.
     */
    public ApplyResult applyInRun(ProductWrite write, LinkedProducts run) {
        run.known.addAll(keysOf(write));
        StoredProduct product = run.take(write);
        if (product == null) {
            // the single path reads from the database: it must see the rows the run changed so far
            flush(run);
            ApplyResult result = apply(write);
            run.used(result.productId());
            return result;
        }
        return update(ownership.rules(), product, write, true, clock.instant(), run);
    }

    /**
     * Queues the write of a run to be inserted with the run's other new products ({@link #insertQueued}) when it is
     * about a product no one knows yet: neither its link nor its SKU is in the store or queued before it, as
     * {@link #applyAll} decides. Returns whether it was queued; a write that was not goes to {@link #applyInRun} after
     * the queue is inserted.
     */
    public boolean queueIfNew(int index, ProductWrite write, LinkedProducts run) {
        List<String> keys = keysOf(write);
        if (!surelyNew(write, keys, run.known, run.queuedKeys)) {
            return false;
        }
        run.queuedNew.put(index, prepareNew(ownership.rules(), write, clock.instant()));
        run.queuedKeys.addAll(keys);
        return true;
    }

    /** Inserts the run's queued new products together and records each; their results go to their writes' places. */
    public void insertQueued(LinkedProducts run, List<ApplyResult> results) {
        insertNew(run.queuedNew, results);
        run.known.addAll(run.queuedKeys);
        run.queuedKeys.clear();
    }

    /** Applies an edit to one known product (the hub's own API: origin NOLIMITS), through the same ownership merge. */
    @Transactional
    public ApplyResult applyTo(long productId, ProductWrite write) {
        StoredProduct product = jdbc.query("SELECT * FROM products WHERE id = ? AND deleted = FALSE FOR UPDATE", ROW, productId)
                .stream().findFirst().orElseThrow(() -> io.synchub.api.ApiException.notFound("product " + productId));
        return update(ownership.rules(), product, write, true, clock.instant());
    }

    /**
     * Writes one field by an operator's decision (conflict resolution): no ownership or window check, the value is
     * recorded as written by {@code origin} now.
     */
    @Transactional
    public boolean forceWrite(long productId, String field, JsonNode value, String origin, String reason) {
        io.synchub.canonical.CanonicalFields.check(field, value);
        StoredProduct product = lockById(productId).orElseThrow(() -> io.synchub.api.ApiException.notFound("product " + productId));
        Instant now = clock.instant();
        JsonNode current = product.fields().get(field);
        boolean changes = !CanonicalJson.sameValue(current, value);
        ObjectNode fields = product.fields().deepCopy();
        ObjectNode meta = product.fieldMeta().deepCopy();
        fields.set(field, CanonicalJson.normalise(value));
        meta.set(field, metaOf(origin, now, null));
        String sku = fields.hasNonNull("sku") ? fields.get("sku").asText() : null;
        jdbc.update("UPDATE products SET sku = ?, name = ?, categories = ?, search_text = ?, fields = ?, field_meta = ?, "
                        + "version = version + 1, last_updated_by = ?, last_updated_at = ? WHERE id = ?",
                sku, name(fields), categories(fields), searchText(fields), CanonicalJson.write(fields), CanonicalJson.write(meta),
                origin, Timestamp.from(now), productId);
        ObjectNode oldValues = CanonicalJson.object();
        oldValues.set(field, current);
        ObjectNode newValues = CanonicalJson.object();
        newValues.set(field, value);
        syncLog.record(productId, "conflict_resolved", origin, field, CanonicalJson.write(oldValues),
                CanonicalJson.write(newValues), reason, null);
        if (changes) {
            changeLog.append(ENTITY_TYPE, String.valueOf(productId), null, "update", origin);
            ProductWrite asWrite = new ProductWrite(product.clientId(), origin, null, sku, null, newValues, false, null);
            notifyListeners(productId, asWrite, sku, false, Map.of(field, value), fields, product.fields());
        }
        return changes;
    }

    public void clearConflictStatus(long productId) {
        jdbc.update("UPDATE products SET sync_status = 'SYNCED' WHERE id = ? AND sync_status = 'CONFLICT'", productId);
    }

    private ApplyResult update(OwnershipRules rules, StoredProduct product, ProductWrite write, boolean linkKnown, Instant now) {
        return update(rules, product, write, linkKnown, now, null);
    }

    /**
     * @param run the run the product was read and locked for (its platforms read with it, its row written with the run's
     *            others, see {@link #flush}); null to read the platforms and write the row here
     */
    private ApplyResult update(OwnershipRules rules, StoredProduct product, ProductWrite write, boolean linkKnown, Instant now,
                               LinkedProducts run) {
        if (!linkKnown && write.link() != null) {
            insertLink(product.id(), write.clientId(), write.link(), now);
        } else if (write.link() != null && write.link().inventoryItemId() != null) {
            jdbc.update("UPDATE product_links SET inventory_item_id = ? WHERE platform = ? AND client_id = ? "
                            + "AND external_variant_id = ? AND (inventory_item_id IS NULL OR inventory_item_id <> ?)",
                    write.link().inventoryItemId(), write.link().platform(), write.clientId(),
                    write.link().externalVariantId(), write.link().inventoryItemId());
        }
        MergeOutcome outcome = MergeEngine.merge(rules, write.clientId(), write.origin(), now, write.sourceAt(),
                write.fields(), product.fieldStates(), product.clocks(), product.lastSeen(), false);
        recordDecisions(product.id(), write, outcome);
        requestRepairs(rules, product, write, outcome);
        ObjectNode clocks = advanceClocks(product.sourceClocks(), write.origin(), outcome);
        ObjectNode seen = withSeen(product.originValues(), write.origin(), write.fields());
        if (!outcome.changesSomething()) {
            if (!outcome.clockAdvances().isEmpty() || !seen.equals(product.originValues())) {
                writeRow(run, "UPDATE products SET source_clocks = ?, origin_values = ? WHERE id = ?", CanonicalJson.write(clocks),
                        CanonicalJson.write(seen), product.id());
            }
            return new ApplyResult(product.id(), false, outcome, null);
        }
        ObjectNode fields = product.fields().deepCopy();
        ObjectNode meta = product.fieldMeta().deepCopy();
        ObjectNode oldValues = CanonicalJson.object();
        ObjectNode newValues = CanonicalJson.object();
        outcome.applied().forEach((field, value) -> {
            oldValues.set(field, product.fields().get(field));
            newValues.set(field, value);
            fields.set(field, value);
            meta.set(field, metaOf(write.origin(), now, write.sourceAt()));
        });
        String sku = fields.hasNonNull("sku") ? fields.get("sku").asText() : null;
        boolean openConflict = outcome.conflicts().stream().anyMatch(c -> c.needsOperator());
        writeRow(run, "UPDATE products SET sku = ?, name = ?, categories = ?, search_text = ?, fields = ?, field_meta = ?, "
                        + "source_clocks = ?, origin_values = ?, version = version + 1, last_updated_by = ?, last_updated_at = ?, "
                        + "sync_status = CASE WHEN ? THEN 'CONFLICT' ELSE sync_status END WHERE id = ?",
                sku, name(fields), categories(fields), searchText(fields), CanonicalJson.write(fields),
                CanonicalJson.write(meta), CanonicalJson.write(clocks), CanonicalJson.write(seen), write.origin(), Timestamp.from(now),
                openConflict, product.id());
        syncLog.record(product.id(), "updated", write.origin(), String.join(",", outcome.applied().keySet()),
                CanonicalJson.write(oldValues), CanonicalJson.write(newValues), null, write.inboxId());
        changeLog.append(ENTITY_TYPE, String.valueOf(product.id()), null, "update", write.origin());
        // a run's product was found by the write's own link (applyInRun), so the platforms the run read are all of them
        if (run == null) {
            notifyListeners(product.id(), write, sku, false, outcome.applied(), fields, product.fields());
        } else {
            notifyListeners(product.id(), write, sku, false, outcome.applied(), fields, product.fields(),
                    new LinkedHashSet<>(run.platformsOf(product.id())));
        }
        return new ApplyResult(product.id(), false, outcome, null);
    }

    /** Writes a product row now, or with the run's other rows when the product was read and locked for a run. */
    private void writeRow(LinkedProducts run, String sql, Object... args) {
        if (run == null) {
            jdbc.update(sql, args);
        } else {
            run.pending.computeIfAbsent(sql, k -> new ArrayList<>()).add(args);
        }
    }

    /**
     * Writes the product rows a run's writes changed, one JDBC batch per statement. Call before anything reads those
     * rows from the database again in the run's transaction, and at the run's end: until then they exist only in the
     * run (each product of a run is changed by one of its writes at most, so the rows can go in any order).
     */
    public void flush(LinkedProducts run) {
        run.pending.forEach((sql, rows) -> jdbc.batchUpdate(sql, rows));
        run.pending.clear();
    }

    private ApplyResult create(OwnershipRules rules, ProductWrite write, Instant now) {
        NewProduct product = prepareNew(rules, write, now);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(INSERT_PRODUCT, new String[]{"id"});
            product.bind(ps);
            return ps;
        }, key);
        long id = key.getKey().longValue();
        if (write.link() != null) {
            insertLink(id, write.clientId(), write.link(), now);
        }
        return recordCreated(product, id);
    }

    /**
     * Applies writes in their order in the caller's transaction, as {@link #apply} would one by one, with the new
     * products among them written together: which writes name a known link or SKU is read in one statement per
     * platform and client, and the products no one knows yet are inserted (with their links) as JDBC batches. A
     * write about a product already known, or about one an earlier write of the same call creates, is applied alone
     * after the new products before it are written. Results are in the writes' order.
     */
    @Transactional
    public List<ApplyResult> applyAll(List<ProductWrite> writes) {
        OwnershipRules rules = ownership.rules();
        Instant now = clock.instant();
        Set<String> known = knownKeys(writes);
        List<ApplyResult> results = new ArrayList<>(Collections.nCopies(writes.size(), (ApplyResult) null));
        Map<Integer, NewProduct> pending = new LinkedHashMap<>();
        Set<String> pendingKeys = new HashSet<>();
        for (int i = 0; i < writes.size(); i++) {
            ProductWrite write = writes.get(i);
            List<String> keys = keysOf(write);
            if (surelyNew(write, keys, known, pendingKeys)) {
                pending.put(i, prepareNew(rules, write, now));
                pendingKeys.addAll(keys);
                continue;
            }
            insertNew(pending, results);
            known.addAll(pendingKeys);
            pendingKeys.clear();
            results.set(i, apply(write));
            known.addAll(keys);
        }
        insertNew(pending, results);
        return results;
    }

    /**
     * Whether a write is about a product no one knows yet: it may create one, names no inventory item (a stock
     * delivery), and none of its {@code keys} is in the store ({@code known}) or among the new products waiting to be
     * inserted before it ({@code queued}).
     */
    private static boolean surelyNew(ProductWrite write, List<String> keys, Set<String> known, Set<String> queued) {
        return write.mayCreate() && (write.link() == null || write.link().inventoryItemId() == null)
                && keys.stream().noneMatch(known::contains) && keys.stream().noneMatch(queued::contains);
    }

    /** What identifies a write's product: its variant link and its client's SKU. */
    private static List<String> keysOf(ProductWrite write) {
        List<String> keys = new ArrayList<>(2);
        if (write.link() != null && write.link().externalVariantId() != null) {
            keys.add(linkKey(write.link().platform(), write.clientId(), write.link().externalVariantId()));
        }
        if (write.sku() != null) {
            keys.add(skuKey(write.clientId(), write.sku()));
        }
        return keys;
    }

    private static String linkKey(String platform, String clientId, String variantId) {
        return "link\u0000" + platform + "\u0000" + clientId + "\u0000" + variantId;
    }

    private static String skuKey(String clientId, String sku) {
        return "sku\u0000" + clientId + "\u0000" + sku;
    }

    /** The keys of {@link #keysOf} that the store already holds: one join per platform and client for links, one per client for SKUs. */
    private Set<String> knownKeys(List<ProductWrite> writes) {
        WriteKeys keys = WriteKeys.of(writes);
        Set<String> known = new HashSet<>(linkedIds(keys.variants()).keySet());
        known.addAll(knownSkuKeys(keys.skus()));
        return known;
    }

    /** The variant ids of some writes by platform and client, and their SKUs by client. */
    private record WriteKeys(Map<List<String>, Set<String>> variants, Map<String, Set<String>> skus) {
        static WriteKeys of(List<ProductWrite> writes) {
            Map<List<String>, Set<String>> variants = new LinkedHashMap<>();
            Map<String, Set<String>> skus = new LinkedHashMap<>();
            for (ProductWrite w : writes) {
                if (w.link() != null && w.link().externalVariantId() != null) {
                    variants.computeIfAbsent(List.of(w.link().platform(), w.clientId()), k -> new LinkedHashSet<>())
                            .add(w.link().externalVariantId());
                }
                if (w.sku() != null) {
                    skus.computeIfAbsent(w.clientId(), k -> new LinkedHashSet<>()).add(w.sku());
                }
            }
            return new WriteKeys(variants, skus);
        }
    }

    /**
     * Link key ({@link #linkKey}) → product id of the variants the store links, {@code variants} by platform and client.
     * Each key is looked up on its own through the unique index, as a subquery per row of the keys' table: an IN list
     * on the index's last column made H2 walk every row of the client, and a join let PostgreSQL, with statistics taken
     * before a bulk import (a few rows per client), hash every link of the client for each run (5-10 ms a run).
     */
    private Map<String, Long> linkedIds(Map<List<String>, Set<String>> variants) {
        Map<String, Long> idByLink = new HashMap<>();
        variants.forEach((platformAndClient, ids) -> forChunks(ids, chunk -> jdbc.query(
                "SELECT k.v, (SELECT l.product_id FROM product_links l WHERE l.platform = ? AND l.client_id = ? "
                        + "AND l.external_variant_id = k.v) FROM (VALUES " + rows(chunk.size()) + ") AS k (v)",
                rs -> {
                    long productId = rs.getLong(2);
                    if (!rs.wasNull()) {
                        idByLink.put(linkKey(platformAndClient.get(0), platformAndClient.get(1), rs.getString(1)), productId);
                    }
                }, concat(platformAndClient, chunk))));
        return idByLink;
    }

    /** The SKU keys of {@link #keysOf} that the store holds, {@code skus} by client: one lookup per key, as for the links. */
    private Set<String> knownSkuKeys(Map<String, Set<String>> skus) {
        Set<String> known = new HashSet<>();
        skus.forEach((clientId, values) -> forChunks(values, chunk -> jdbc.query(
                "SELECT k.v, (SELECT p.sku FROM products p WHERE p.client_id = ? AND p.sku = k.v) FROM (VALUES "
                        + rows(chunk.size()) + ") AS k (v)",
                rs -> {
                    if (rs.getString(2) != null) {
                        known.add(skuKey(clientId, rs.getString(1)));
                    }
                }, concat(List.of(clientId), chunk))));
        return known;
    }

    private static void forChunks(Set<String> values, Consumer<List<String>> query) {
        List<String> all = new ArrayList<>(values);
        for (int from = 0; from < all.size(); from += 500) {
            query.accept(all.subList(from, Math.min(all.size(), from + 500)));
        }
    }

    private static String rows(int n) {
        return String.join(", ", Collections.nCopies(n, "(?)"));
    }

    private static Object[] concat(List<String> first, List<String> rest) {
        List<Object> args = new ArrayList<>(first);
        args.addAll(rest);
        return args.toArray();
    }

    /** Inserts the pending new products and their links as batches, then records each; empties {@code pending}. */
    private void insertNew(Map<Integer, NewProduct> pending, List<ApplyResult> results) {
        if (pending.isEmpty()) {
            return;
        }
        List<Map.Entry<Integer, NewProduct>> rows = new ArrayList<>(pending.entrySet());
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.batchUpdate(con -> con.prepareStatement(INSERT_PRODUCT, new String[]{"id"}), new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                rows.get(i).getValue().bind(ps);
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        }, keys);
        List<Map<String, Object>> generated = keys.getKeyList();
        if (generated.size() != rows.size()) {
            throw new IllegalStateException("the database returned " + generated.size() + " ids for " + rows.size() + " new products");
        }
        long[] ids = new long[rows.size()];
        List<Object[]> links = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ids[i] = generatedId(generated.get(i));
            ProductWrite write = rows.get(i).getValue().write();
            ProductLink link = write.link();
            if (link != null && link.externalVariantId() != null) {
                links.add(new Object[]{ids[i], link.platform(), write.clientId(), link.externalProductId(), link.externalVariantId(),
                        link.inventoryItemId(), Timestamp.from(rows.get(i).getValue().now())});
            }
        }
        if (!links.isEmpty()) {
            jdbc.batchUpdate(INSERT_LINK, links);
        }
        for (int i = 0; i < rows.size(); i++) {
            results.set(rows.get(i).getKey(), recordCreated(rows.get(i).getValue(), ids[i]));
        }
        pending.clear();
    }

    private static long generatedId(Map<String, Object> row) {
        Object id = row.containsKey("id") ? row.get("id") : row.containsKey("ID") ? row.get("ID") : row.values().iterator().next();
        return ((Number) id).longValue();
    }

    private static final String INSERT_PRODUCT = "INSERT INTO products (client_id, sku, name, categories, search_text, "
            + "fields, field_meta, source_clocks, version, sync_status, last_updated_by, last_updated_at, created_at, "
            + "origin_values) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 'SYNCED', ?, ?, ?, ?)";

    private static final String INSERT_LINK = "INSERT INTO product_links (product_id, platform, client_id, external_product_id, "
            + "external_variant_id, inventory_item_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

    /** A product no one knows yet, merged and ready to insert. */
    private record NewProduct(ProductWrite write, Instant now, MergeOutcome outcome, ObjectNode fields, String sku,
                              String fieldsJson, String metaJson, String clocksJson, String seenJson) {

        void bind(PreparedStatement ps) throws SQLException {
            ps.setString(1, write.clientId());
            ps.setString(2, sku);
            ps.setString(3, name(fields));
            ps.setString(4, categories(fields));
            ps.setString(5, searchText(fields));
            ps.setString(6, fieldsJson);
            ps.setString(7, metaJson);
            ps.setString(8, clocksJson);
            ps.setString(9, write.origin());
            ps.setTimestamp(10, Timestamp.from(now));
            ps.setTimestamp(11, Timestamp.from(now));
            ps.setString(12, seenJson);
        }
    }

    private NewProduct prepareNew(OwnershipRules rules, ProductWrite write, Instant now) {
        ObjectNode incoming = write.fields().deepCopy();
        if (write.sku() != null && !incoming.has("sku")) {
            incoming.put("sku", write.sku());
        }
        MergeOutcome outcome = MergeEngine.merge(rules, write.clientId(), write.origin(), now, write.sourceAt(),
                incoming, Map.of(), Map.of(), true);
        ObjectNode fields = CanonicalJson.object();
        ObjectNode meta = CanonicalJson.object();
        outcome.applied().forEach((field, value) -> {
            fields.set(field, value);
            meta.set(field, metaOf(write.origin(), now, write.sourceAt()));
        });
        ObjectNode clocks = advanceClocks(CanonicalJson.object(), write.origin(), outcome);
        String sku = fields.hasNonNull("sku") ? fields.get("sku").asText() : null;
        return new NewProduct(write, now, outcome, fields, sku, CanonicalJson.write(fields), CanonicalJson.write(meta),
                CanonicalJson.write(clocks), CanonicalJson.write(withSeen(CanonicalJson.object(), write.origin(), incoming)));
    }

    /** Sync log, decisions, change log and listeners of a product just inserted (its only link, if any, is the write's). */
    private ApplyResult recordCreated(NewProduct product, long id) {
        ProductWrite write = product.write();
        MergeOutcome outcome = product.outcome();
        syncLog.record(id, "created", write.origin(), String.join(",", outcome.applied().keySet()), null,
                product.fieldsJson(), null, write.inboxId());
        recordDecisions(id, write, outcome);
        changeLog.append(ENTITY_TYPE, String.valueOf(id), null, "create", write.origin());
        Set<String> platforms = write.link() != null && write.link().externalVariantId() != null
                ? Set.of(write.link().platform()) : Set.of();
        notifyListeners(id, write, product.sku(), true, outcome.applied(), product.fields(), null, platforms);
        return new ApplyResult(id, true, outcome, null);
    }

    private void recordDecisions(long productId, ProductWrite write, MergeOutcome outcome) {
        Map<String, List<DroppedField>> byAction = outcome.dropped().stream()
                .collect(Collectors.groupingBy(d -> d.reason().logAction(), LinkedHashMap::new, Collectors.toList()));
        byAction.forEach((action, dropped) -> {
            ObjectNode values = CanonicalJson.object();
            dropped.forEach(d -> values.set(d.field(), d.value()));
            syncLog.record(productId, action, write.origin(),
                    dropped.stream().map(DroppedField::field).collect(Collectors.joining(",")), null,
                    CanonicalJson.write(values),
                    dropped.stream().map(DroppedField::detail).collect(Collectors.joining("; ")), write.inboxId());
        });
        outcome.conflicts().forEach(c -> {
            long conflictId = conflicts.record(productId, c, ownership.rules().conflictWindow());
            syncLog.record(productId, "conflict", write.origin(), c.field(), CanonicalJson.write(c.localValue()),
                    CanonicalJson.write(c.remoteValue()), (c.needsOperator() ? "conflict " + conflictId
                            + " needs an operator: POST /api/v1/conflicts/" + conflictId + "/resolve"
                            : "conflict " + conflictId + " settled by ownership rules: " + c.appliedOrigin() + " wins"),
                    write.inboxId());
        });
    }

    /**
     * Notes what a platform holds without applying it: the fields of a delivery that only repeat the hub's own pushes
     * (echoes). The next delivery carrying the same values is then no change at that platform either.
     */
    @Transactional
    public void noteSeen(long productId, String origin, Map<String, JsonNode> values) {
        if (values.isEmpty()) {
            return;
        }
        lockById(productId).ifPresent(product -> {
            ObjectNode asFields = CanonicalJson.object();
            values.forEach(asFields::set);
            ObjectNode seen = withSeen(product.originValues(), origin, asFields);
            if (!seen.equals(product.originValues())) {
                jdbc.update("UPDATE products SET origin_values = ? WHERE id = ?", CanonicalJson.write(seen), productId);
            }
        });
    }

    /**
     * A platform's own edit that the hub's push overwrote before the hub heard of it (the delivery is stale for those
     * fields): nothing is applied, but when another origin wrote the field inside the conflict window this is the same
     * disagreement as if the delivery had come first, and it is recorded as such (settled by the ranking, or open for
     * an operator). A value the hub already saw from that origin is no new edit and records nothing.
     */
    @Transactional
    public void recordOverwritten(long productId, ProductWrite write, Map<String, JsonNode> values) {
        if (values.isEmpty()) {
            return;
        }
        StoredProduct product = lockById(productId).orElse(null);
        if (product == null) {
            return;
        }
        OwnershipRules rules = ownership.rules();
        Instant now = clock.instant();
        Map<String, io.synchub.ownership.FieldState> states = product.fieldStates();
        Map<String, Map<String, JsonNode>> seen = product.lastSeen();
        List<FieldConflict> found = new ArrayList<>();
        values.forEach((field, value) -> {
            io.synchub.ownership.FieldState state = states.get(field);
            JsonNode seenValue = seen.getOrDefault(field, Map.of()).get(write.origin());
            var group = rules.groupOf(product.clientId(), field).orElse(null);
            if (group == null || !group.recordConflicts() || !group.mayWrite(write.origin()) || state == null
                    || state.origin() == null || state.origin().equals(write.origin()) || state.at() == null
                    || CanonicalJson.sameValue(state.value(), value) || CanonicalJson.sameValue(seenValue, value)
                    || java.time.Duration.between(state.at(), now).compareTo(rules.conflictWindow()) >= 0) {
                return;
            }
            found.add(new FieldConflict(field, group.name(), state.value(), state.origin(), state.at(), value, write.origin(), now,
                    state.origin(), group.rank(state.origin()) == group.rank(write.origin())));
        });
        jdbc.update("UPDATE products SET origin_values = ? WHERE id = ?",
                CanonicalJson.write(withSeen(product.originValues(), write.origin(), asObject(values))), productId);
        if (found.isEmpty()) {
            return;
        }
        recordDecisions(productId, write, new MergeOutcome(Map.of(), List.of(), found, Map.of()));
        if (found.stream().anyMatch(FieldConflict::needsOperator)) {
            jdbc.update("UPDATE products SET sync_status = 'CONFLICT' WHERE id = ?", productId);
        }
    }

    private static ObjectNode asObject(Map<String, JsonNode> values) {
        ObjectNode o = CanonicalJson.object();
        values.forEach(o::set);
        return o;
    }

    /**
     * A platform sent a value of a field the hub pushes to it and the hub kept its own (the origin lost a conflict or
     * may not write the field): the platform now differs from the hub, and the hub never pushes a change back to its
     * origin, so the hub's value is pushed to that platform once more.
     */
    private void requestRepairs(OwnershipRules rules, StoredProduct product, ProductWrite write, MergeOutcome outcome) {
        Set<String> fields = new LinkedHashSet<>();
        for (DroppedField d : outcome.dropped()) {
            boolean refused = d.reason() == DroppedField.Reason.CONFLICT_LOST || d.reason() == DroppedField.Reason.OWNERSHIP;
            JsonNode held = product.fields().get(d.field());
            if (refused && held != null && !held.isNull() && rules.pushes(write.origin(), product.clientId(), d.field())) {
                fields.add(d.field());
            }
        }
        if (!fields.isEmpty()) {
            listeners.forEach(l -> l.onValuesRefused(product.id(), product.clientId(), product.sku(), write.origin(), fields,
                    write.inboxId()));
        }
    }

    private static ObjectNode withSeen(ObjectNode originValues, String origin, JsonNode incoming) {
        ObjectNode updated = originValues.deepCopy();
        incoming.fields().forEachRemaining(e -> {
            ObjectNode byOrigin = updated.has(e.getKey()) && updated.get(e.getKey()).isObject()
                    ? (ObjectNode) updated.get(e.getKey()) : updated.putObject(e.getKey());
            byOrigin.set(origin, CanonicalJson.normalise(e.getValue()));
        });
        return updated;
    }

    private void notifyListeners(long id, ProductWrite write, String sku, boolean created, Map<String, JsonNode> applied,
                                 ObjectNode fields, ObjectNode previousFields) {
        if (listeners.isEmpty()) {
            return;
        }
        notifyListeners(id, write, sku, created, applied, fields, previousFields, new LinkedHashSet<>(jdbc.queryForList(
                "SELECT DISTINCT platform FROM product_links WHERE product_id = ?", String.class, id)));
    }

    private void notifyListeners(long id, ProductWrite write, String sku, boolean created, Map<String, JsonNode> applied,
                                 ObjectNode fields, ObjectNode previousFields, Set<String> platforms) {
        if (listeners.isEmpty()) {
            return;
        }
        ProductChange change = new ProductChange(id, write.clientId(), sku, write.origin(), created, applied, fields,
                platforms, write.inboxId(), previousFields);
        listeners.forEach(l -> l.onProductChanged(change));
    }

    private static ObjectNode advanceClocks(ObjectNode clocks, String origin, MergeOutcome outcome) {
        ObjectNode updated = clocks.deepCopy();
        outcome.clockAdvances().forEach((field, at) -> {
            ObjectNode byOrigin = updated.has(field) ? (ObjectNode) updated.get(field) : updated.putObject(field);
            byOrigin.put(origin, at.toString());
        });
        return updated;
    }

    private static ObjectNode metaOf(String origin, Instant at, Instant sourceAt) {
        ObjectNode m = CanonicalJson.object();
        m.put("origin", origin);
        m.put("at", at.toString());
        m.put("sourceAt", sourceAt == null ? null : sourceAt.toString());
        return m;
    }

    private Optional<Long> findByLink(String clientId, ProductLink link) {
        return findIdByVariantLink(clientId, link).or(() -> findByInventoryItem(clientId, link));
    }

    /** The product linked by the write's inventory item (a stock delivery names no variant), once its variant matched none. */
    private Optional<Long> findByInventoryItem(String clientId, ProductLink link) {
        if (link == null || link.inventoryItemId() == null) {
            return Optional.empty();
        }
        return jdbc.queryForList("SELECT product_id FROM product_links WHERE platform = ? AND client_id = ? AND inventory_item_id = ?",
                Long.class, link.platform(), clientId, link.inventoryItemId()).stream().findFirst();
    }

    public Optional<Long> idByLink(String clientId, ProductLink link) {
        return findByLink(clientId, link);
    }

    /**
     * A platform deleted its product: the links go (nothing is pushed there any more), the canonical product stays.
     * Returns the products that were linked. The links are found by product id and by variant id as two lookups, each
     * on its own index: one condition with OR was served by a scan of all the platform's links when PostgreSQL's plan
     * had no statistics to go by.
     */
    @Transactional
    public List<Long> unlinkPlatformProduct(String platform, String clientId, String externalProductId, Long inboxId) {
        List<long[]> links = jdbc.query("SELECT id, product_id FROM product_links WHERE external_product_id = ? AND platform = ? "
                        + "AND client_id = ? UNION SELECT id, product_id FROM product_links WHERE platform = ? AND client_id = ? "
                        + "AND external_variant_id = ? ORDER BY 1", (rs, i) -> new long[]{rs.getLong(1), rs.getLong(2)},
                externalProductId, platform, clientId, platform, clientId, externalProductId);
        jdbc.batchUpdate("DELETE FROM product_links WHERE id = ?", links.stream().map(l -> new Object[]{l[0]}).toList());
        Set<Long> ids = new LinkedHashSet<>();
        links.forEach(l -> ids.add(l[1]));
        for (Long id : ids) {
            syncLog.record(id, "platform_deleted", platform, null, null, null, platform + " deleted product "
                    + externalProductId + "; the link was removed and the product stays in the central store", inboxId);
        }
        return new ArrayList<>(ids);
    }

    private Optional<Long> findIdBySku(String clientId, String sku) {
        return jdbc.queryForList("SELECT id FROM products WHERE client_id = ? AND sku = ?", Long.class, clientId, sku)
                .stream().findFirst();
    }

    private void insertLink(long productId, String clientId, ProductLink link, Instant now) {
        if (link.externalVariantId() == null) {
            return;
        }
        jdbc.update(INSERT_LINK, productId, link.platform(), clientId,
                link.externalProductId(), link.externalVariantId(), link.inventoryItemId(), Timestamp.from(now));
    }

    public Optional<StoredProduct> findById(long id) {
        return jdbc.query("SELECT * FROM products WHERE id = ? AND deleted = FALSE", ROW, id).stream().findFirst();
    }

    /** The id of the product linked to the write's variant (not locked); empty when the write names no known variant. */
    private Optional<Long> findIdByVariantLink(String clientId, ProductLink link) {
        if (link == null || link.externalVariantId() == null) {
            return Optional.empty();
        }
        return jdbc.queryForList("SELECT product_id FROM product_links WHERE platform = ? AND client_id = ? AND external_variant_id = ?",
                Long.class, link.platform(), clientId, link.externalVariantId()).stream().findFirst();
    }

    /** Loads and row-locks a product for the rest of the transaction. */
    public Optional<StoredProduct> lockById(long id) {
        return jdbc.query("SELECT * FROM products WHERE id = ? FOR UPDATE", ROW, id).stream().findFirst();
    }

    public List<ProductLink> links(long productId) {
        return jdbc.query("SELECT platform, external_product_id, external_variant_id, inventory_item_id FROM product_links "
                        + "WHERE product_id = ? ORDER BY platform, id",
                (rs, i) -> new ProductLink(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), productId);
    }

    private static String name(ObjectNode fields) {
        return fields.hasNonNull("name") ? truncate(fields.get("name").asText(), 1000) : null;
    }

    private static String categories(ObjectNode fields) {
        JsonNode c = fields.get("categories");
        if (c == null || !c.isArray() || c.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        c.forEach(n -> names.add(n.asText()));
        return truncate("|" + String.join("|", names) + "|", 4000);
    }

    private static String searchText(ObjectNode fields) {
        String text = (fields.path("name").asText("") + " " + fields.path("sku").asText("")).toLowerCase();
        return truncate(text, 4000);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String describe(ProductWrite w) {
        return w.link() == null ? "sku " + w.sku()
                : w.link().platform() + " variant " + w.link().externalVariantId()
                + (w.link().inventoryItemId() != null ? " / inventory item " + w.link().inventoryItemId() : "");
    }

    static final RowMapper<StoredProduct> ROW = (rs, i) -> new StoredProduct(
            rs.getLong("id"), rs.getString("client_id"), rs.getString("sku"),
            (ObjectNode) CanonicalJson.parse(rs.getString("fields")),
            (ObjectNode) CanonicalJson.parse(rs.getString("field_meta")),
            (ObjectNode) CanonicalJson.parse(rs.getString("source_clocks")),
            rs.getLong("version"), rs.getString("sync_status"), rs.getString("last_updated_by"),
            rs.getTimestamp("last_updated_at").toInstant(), rs.getTimestamp("created_at").toInstant(),
            (ObjectNode) CanonicalJson.parse(rs.getString("origin_values")));
}
