package io.synchub.echo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.ownership.OwnershipRules;
import io.synchub.ownership.OwnershipRulesFile;
import io.synchub.product.ProductWrite;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outbound ledger: what the hub pushed to each platform item, every push of the echo window (not only the
 * last), with the platform's own time of the pushed state when its answer named one.
 *
 * The inbound side asks {@link #check} which fields of a delivery only repeat the hub's own pushes. Only the fields
 * the hub pushed to that item are compared; per such field a delivery is
 * <ul>
 *   <li><b>stale</b> when its platform time is not newer than the platform time of the hub's latest push of the field
 *       (the platform has held the pushed state since; the delivery describes what it held before);</li>
 *   <li>an <b>echo</b> when its value equals any push of the field in the window, unless a later push of another value
 *       is known to be older than the delivery (then the platform changed the field back after the hub's push).</li>
 * </ul>
 * Fields the hub never pushed to that item are not compared: they merge normally.
 */
@Component("echoLedger")
public class EchoLedger {

    private final JdbcTemplate jdbc;
    private final OwnershipRulesFile ownership;
    private final Duration window;

    public EchoLedger(JdbcTemplate jdbc, OwnershipRulesFile ownership,
                      @Value("${synchub.echo.window:15m}") Duration window) {
        this.jdbc = jdbc;
        this.ownership = ownership;
        this.window = window;
    }

    /** What the ledger says about the pushed fields of one delivery. */
    public record Verdict(Map<String, JsonNode> echoes, Map<String, JsonNode> stale, String externalId) {
        public boolean isEmpty() {
            return echoes.isEmpty() && stale.isEmpty();
        }
    }

    /** One push of the window: its values and the platform's time of the pushed state (null when unknown). */
    record Push(JsonNode values, Instant pushedAt, Instant platformAt) {
    }

    /** Records what one push sent to a platform item (call after the platform accepted it). */
    public void recordPush(String platform, String clientId, String externalId, JsonNode pushedValues) {
        recordPush(platform, clientId, externalId, pushedValues, null);
    }

    /**
     * Records what one push sent to a platform item (call after the platform accepted it).
     *
     * @param platformAt the platform's time of the state the push produced, as its answer named it; null when none
     */
    public void recordPush(String platform, String clientId, String externalId, JsonNode pushedValues, Instant platformAt) {
        ObjectNode normalised = CanonicalJson.object();
        pushedValues.fields().forEachRemaining(e -> normalised.set(e.getKey(), CanonicalJson.normalise(e.getValue())));
        Instant nowInstant = Instant.now();
        Timestamp now = Timestamp.from(nowInstant);
        String json = CanonicalJson.write(normalised);
        int updated = jdbc.update("UPDATE echo_ledger SET pushed_values = ?, pushed_at = ? WHERE platform = ? AND client_id = ? "
                + "AND external_id = ?", json, now, platform, clientId, externalId);
        if (updated == 0) {
            jdbc.update("INSERT INTO echo_ledger (platform, client_id, external_id, pushed_values, pushed_at) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", platform, clientId, externalId, json, now);
        }
        jdbc.update("INSERT INTO echo_pushes (platform, client_id, external_id, pushed_values, pushed_at, platform_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", platform, clientId, externalId, json, now,
                platformAt == null ? null : Timestamp.from(platformAt));
        jdbc.update("DELETE FROM echo_pushes WHERE platform = ? AND client_id = ? AND external_id = ? AND pushed_at < ?",
                platform, clientId, externalId, Timestamp.from(nowInstant.minus(window)));
    }

    /** The external item id of a delivery (stock deliveries name only the inventory item), null when unlinked. */
    public String externalIdOf(ProductWrite write) {
        if (write.link() == null) {
            return null;
        }
        String externalId = write.link().externalVariantId();
        if (externalId == null && write.link().inventoryItemId() != null) {
            // the ledger is kept per variant
            externalId = jdbc.queryForList("SELECT external_variant_id FROM product_links WHERE platform = ? AND client_id = ? "
                    + "AND inventory_item_id = ?", String.class, write.link().platform(), write.clientId(), write.link().inventoryItemId())
                    .stream().findFirst().orElse(null);
        }
        return externalId;
    }

    /** Which of the delivery's pushed fields are echoes or stale; fields the hub never pushed there are not named. */
    public Verdict check(ProductWrite write) {
        return check(write, null);
    }

    /**
     * As {@link #check(ProductWrite)}, with the pushes of a run read beforehand ({@link #pushesOf}); a write whose item
     * the run did not cover (it names only an inventory item) has its pushes read here.
     */
    public Verdict check(ProductWrite write, RunPushes run) {
        Map<String, JsonNode> echoes = new LinkedHashMap<>();
        Map<String, JsonNode> stale = new LinkedHashMap<>();
        String externalId = externalIdOf(write);
        if (externalId == null) {
            return new Verdict(echoes, stale, null);
        }
        String platform = write.link().platform();
        List<Push> pushes = run != null && run.covers(write) ? run.of(write)
                : pushes(platform, write.clientId(), externalId);
        if (pushes.isEmpty()) {
            return new Verdict(echoes, stale, externalId);
        }
        OwnershipRules rules = ownership.rules();
        for (Iterator<Map.Entry<String, JsonNode>> it = write.fields().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            if (!rules.pushes(platform, write.clientId(), field)) {
                continue;
            }
            JsonNode value = CanonicalJson.normalise(e.getValue());
            switch (judge(field, value, write.sourceAt(), pushes)) {
                case ECHO -> echoes.put(field, value);
                case STALE -> stale.put(field, value);
                case NEW -> { }
            }
        }
        return new Verdict(echoes, stale, externalId);
    }

    enum Judgement { ECHO, STALE, NEW }

    /** @param pushes the item's pushes of the window, oldest first */
    static Judgement judge(String field, JsonNode value, Instant sourceAt, List<Push> pushes) {
        List<Push> withField = new ArrayList<>();
        for (Push p : pushes) {
            if (p.values().has(field)) {
                withField.add(p);
            }
        }
        if (withField.isEmpty()) {
            return Judgement.NEW;
        }
        Instant latestPlatformAt = null;
        for (Push p : withField) {
            if (p.platformAt() != null && (latestPlatformAt == null || p.platformAt().isAfter(latestPlatformAt))) {
                latestPlatformAt = p.platformAt();
            }
        }
        boolean repeatsAPush = false;
        for (int i = 0; i < withField.size() && !repeatsAPush; i++) {
            if (!CanonicalJson.sameValue(withField.get(i).values().get(field), value)) {
                continue;
            }
            boolean changedBackAfterALaterPush = false;
            for (int j = i + 1; j < withField.size(); j++) {
                Push later = withField.get(j);
                if (sourceAt != null && later.platformAt() != null && sourceAt.isAfter(later.platformAt())
                        && !CanonicalJson.sameValue(later.values().get(field), value)) {
                    changedBackAfterALaterPush = true;
                    break;
                }
            }
            repeatsAPush = !changedBackAfterALaterPush;
        }
        if (repeatsAPush) {
            return Judgement.ECHO;
        }
        if (sourceAt != null && latestPlatformAt != null && !sourceAt.isAfter(latestPlatformAt)) {
            return Judgement.STALE;
        }
        return Judgement.NEW;
    }

    /**
     * The pushes of the echo window to the items a run of writes names by variant, oldest first per item: one
     * statement per platform and client (the items joined as a table of values) instead of one per write.
     */
    public RunPushes pushesOf(List<ProductWrite> writes) {
        Map<List<String>, Set<String>> items = new LinkedHashMap<>();
        for (ProductWrite w : writes) {
            if (w.link() != null && w.link().externalVariantId() != null) {
                items.computeIfAbsent(List.of(w.link().platform(), w.clientId()), k -> new LinkedHashSet<>())
                        .add(w.link().externalVariantId());
            }
        }
        Map<String, List<Push>> byItem = new HashMap<>();
        Set<String> covered = new HashSet<>();
        Timestamp since = Timestamp.from(Instant.now().minus(window));
        items.forEach((platformAndClient, ids) -> {
            List<String> all = new ArrayList<>(ids);
            for (int from = 0; from < all.size(); from += 500) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
                List<Object> args = new ArrayList<>(chunk);
                args.add(platformAndClient.get(0));
                args.add(platformAndClient.get(1));
                args.add(since);
                jdbc.query("SELECT p.external_id, p.pushed_values, p.pushed_at, p.platform_at FROM (VALUES "
                                + String.join(", ", Collections.nCopies(chunk.size(), "(?)")) + ") AS k (v) "
                                + "JOIN echo_pushes p ON p.platform = ? AND p.client_id = ? AND p.external_id = k.v AND p.pushed_at >= ? "
                                + "ORDER BY p.external_id, p.pushed_at, p.id",
                        rs -> {
                            byItem.computeIfAbsent(RunPushes.key(platformAndClient.get(0), platformAndClient.get(1), rs.getString(1)),
                                    k -> new ArrayList<>()).add(new Push(CanonicalJson.parse(rs.getString(2)),
                                    rs.getTimestamp(3).toInstant(), rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()));
                        }, args.toArray());
                chunk.forEach(id -> covered.add(RunPushes.key(platformAndClient.get(0), platformAndClient.get(1), id)));
            }
        });
        return new RunPushes(byItem, covered);
    }

    /** The pushes of the echo window to the items of a run, as read before the run's first write. */
    public static final class RunPushes {
        private final Map<String, List<Push>> byItem;
        private final Set<String> covered;

        private RunPushes(Map<String, List<Push>> byItem, Set<String> covered) {
            this.byItem = byItem;
            this.covered = covered;
        }

        private static String key(String platform, String clientId, String externalId) {
            return platform + "\u0000" + clientId + "\u0000" + externalId;
        }

        private static String keyOf(ProductWrite write) {
            return write.link() == null || write.link().externalVariantId() == null ? null
                    : key(write.link().platform(), write.clientId(), write.link().externalVariantId());
        }

        boolean covers(ProductWrite write) {
            String key = keyOf(write);
            return key != null && covered.contains(key);
        }

        List<Push> of(ProductWrite write) {
            return byItem.getOrDefault(keyOf(write), List.of());
        }

        /** Whether the write may hold an echo: the hub pushed to its item inside the window, or the run did not cover it. */
        public boolean mayEcho(ProductWrite write) {
            return !covers(write) || !of(write).isEmpty();
        }
    }

    private List<Push> pushes(String platform, String clientId, String externalId) {
        return jdbc.query("SELECT pushed_values, pushed_at, platform_at FROM echo_pushes WHERE platform = ? AND client_id = ? "
                        + "AND external_id = ? AND pushed_at >= ? ORDER BY pushed_at, id",
                (rs, i) -> new Push(CanonicalJson.parse(rs.getString(1)), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()),
                platform, clientId, externalId, Timestamp.from(Instant.now().minus(window)));
    }

    /** The values of the hub's latest push to an item (the compare-and-set base of stock pushes), null when none. */
    public JsonNode lastPushed(String platform, String clientId, String externalId, String field) {
        List<String> rows = jdbc.queryForList("SELECT pushed_values FROM echo_ledger WHERE platform = ? AND client_id = ? "
                + "AND external_id = ?", String.class, platform, clientId, externalId);
        if (rows.isEmpty()) {
            return null;
        }
        JsonNode v = CanonicalJson.parse(rows.get(0)).get(field);
        return v == null || v.isNull() ? null : v;
    }
}
