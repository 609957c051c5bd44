package io.synchub.convergence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platformsim.PlatformSimulators;
import io.synchub.canonical.CanonicalJson;
import io.synchub.mapping.JsonataMappings;
import io.synchub.platform.jtl.SellableFormula;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import io.synchub.webhook.HmacSignature;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Convergence as a property. The hub runs against the in-process simulators with the demo's workload for two
 * minutes (fixed seed): merchant price edits on both shops, warehouse stock movements (polled from JTL), the shops
 * echoing the hub's pushes, a scripted conflicting edit of one SKU on both shops every 20 s, a 20 s WooCommerce API
 * outage, reconciliation pulls, and on top late, reordered and duplicate deliveries (signed snapshots of a product
 * re-sent seconds later, some twice with the same delivery id). Then all activity stops, and within 30 s:
 * <ul>
 *   <li>every field each shop receives from the hub agrees between the hub, Shopify and WooCommerce, and the stock
 *       agrees with JTL;</li>
 *   <li>the open conflicts are exactly the scripted ones (the name of each scripted SKU: shared fields have no
 *       preferred origin; the price is settled by the prefer ranking) whose two edits both reached the hub — a
 *       WooCommerce edit that the hub's push overwrote before WooCommerce built its webhook is seen by nobody;</li>
 *   <li>no product flapped: no field went A → B → A in the hub's sync log.</li>
 * </ul>
 */
@ActiveProfiles("demo")
@TestPropertySource(properties = {
        "platformsim.demo.catalogue-size=60",
        "platformsim.demo.seed=4711",
        "platformsim.demo.start-delay=1h",             // the test sends the catalogues itself, after the store was emptied
        "platformsim.demo.price-edits-per-second=0",
        "platformsim.demo.stock-changes-per-second=0",
        "platformsim.demo.conflict-every=0s",
        "platformsim.demo.fault-every=0s",
        "platformsim.demo.jtl-poll-interval=5s",
        "synchub.jtl.poll-interval=5s",
        "synchub.reconcile.interval=30s",
        "synchub.reconcile.initial-delay=20s",
        "synchub.reconcile.initial-lookback=10m",
})
class ConvergenceTest extends HubTestSupport {

    private static final Duration WORKLOAD = Duration.ofSeconds(Long.getLong("synchub.convergence.seconds", 120));
    private static final Duration SCRIPTED_CONFLICT_EVERY = Duration.ofSeconds(20);
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Set<String> SHOPIFY_RECEIVES = Set.of("netSalesPrice", "compareAtPrice", "taxable", "description",
            "vendor", "productType", "tags", "isActive", "available");
    private static final Set<String> WOO_RECEIVES = Set.of("netSalesPrice", "taxable", "description", "isActive", "available");

    @Autowired
    PlatformSimulators sims;
    @Autowired
    JsonataMappings mappings;

    private final SplittableRandom random = new SplittableRandom(4711);
    private final Set<String> scriptedSkus = new TreeSet<>();
    private final AtomicInteger lateDeliveries = new AtomicInteger();
    private final AtomicInteger duplicateDeliveries = new AtomicInteger();

    @Test
    void afterTwoMinutesOfDemoTrafficEveryPlatformAgreesWithTheHubWithin30Seconds() throws Exception {
        List<String> skus = catalogueInTheHub();

        ScheduledExecutorService late = Executors.newScheduledThreadPool(2);
        Instant start = Instant.now();
        sims.shopify().merchantEdits(0.4);
        sims.woo().merchantEdits(0.1);
        sims.jtl().warehouseActivity(1.0);
        boolean outageDone = false;
        Instant nextConflict = start.plus(Duration.ofSeconds(10));
        try {
            while (Duration.between(start, Instant.now()).compareTo(WORKLOAD) < 0) {
                Instant now = Instant.now();
                if (!now.isBefore(nextConflict)) {
                    conflictingEdit(skus);
                    nextConflict = now.plus(SCRIPTED_CONFLICT_EVERY);
                }
                if (!outageDone && Duration.between(start, now).toSeconds() >= 40) {
                    sims.woo().faults().outageNow(Duration.ofSeconds(20));
                    outageDone = true;
                }
                scheduleLateDelivery(late, skus);
                Thread.sleep(1000);
            }
        } finally {
            sims.shopify().merchantEdits(0);
            sims.woo().merchantEdits(0);
            sims.jtl().warehouseActivity(0);
            late.shutdown();
            assertThat(late.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        Instant stopped = Instant.now();

        List<String> disagreements = new ArrayList<>();
        Instant deadline = stopped.plus(SETTLE);
        do {
            Thread.sleep(1000);
            disagreements = disagreements(skus);
        } while (!disagreements.isEmpty() && Instant.now().isBefore(deadline));
        long convergedAfterMs = Duration.between(stopped, Instant.now()).toMillis();

        Set<String> open = new TreeSet<>(jdbc.queryForList("SELECT p.sku || ':' || c.field FROM conflicts c JOIN products p "
                + "ON p.id = c.product_id WHERE c.status = 'CONFLICT'", String.class));
        // WooCommerce builds a webhook's payload when it delivers it: when the hub's push of the Shopify edit lands
        // first, WooCommerce's own edit is overwritten before any delivery carries it, and no system can see that
        // disagreement. The scripted conflicts the hub can know of are those whose two edits both reached its inbox.
        Set<String> expectedOpen = new TreeSet<>();
        scriptedSkus.forEach(sku -> {
            boolean bothArrived = count("SELECT COUNT(*) FROM inbox WHERE platform = 'SHOPIFY' AND body LIKE ? AND body LIKE ?",
                    "%" + sku + "%", "%(Shopify edit)%") > 0
                    && count("SELECT COUNT(*) FROM inbox WHERE platform = 'WOOCOMMERCE' AND body LIKE ? AND body LIKE ?",
                    "%" + sku + "%", "%(WooCommerce edit)%") > 0;
            if (bothArrived) {
                expectedOpen.add(sku + ":name");
            }
        });
        Map<String, Integer> flaps = flaps();
        long ruleSettled = count("SELECT COUNT(*) FROM conflicts WHERE status = 'RESOLVED'");
        long occurrences = count("SELECT COALESCE(SUM(occurrences), 0) FROM conflicts");

        System.out.printf("%nconvergence after %ds of traffic: %d products, converged %d ms after the stop, %d disagreements left%n"
                        + "  merchant edits: Shopify+WooCommerce webhooks delivered %d+%d, JTL stock changes %d, late snapshots %d, duplicates %d%n"
                        + "  hub: updated %d, echo_skipped %d, stale_skipped %d, conflict_lost %d, pushes done %d, dead letters %d%n"
                        + "  conflicts: scripted %d %s, both edits delivered %d, open %d %s, rule-settled records %d (%d occurrences in all)%n"
                        + "  flaps: %d %s%n",
                WORKLOAD.toSeconds(), skus.size(), convergedAfterMs, disagreements.size(),
                sims.shopify().webhooks().delivered(), sims.woo().webhooks().delivered(), sims.jtl().stockChangeCount(),
                lateDeliveries.get(), duplicateDeliveries.get(),
                logCount("updated"), logCount("echo_skipped"), logCount("stale_skipped"), logCount("conflict_lost"),
                count("SELECT COUNT(*) FROM outbox WHERE status = 'completed'"),
                count("SELECT COUNT(*) FROM dead_letters WHERE status = 'OPEN'"),
                scriptedSkus.size(), scriptedSkus, expectedOpen.size(), open.size(), open, ruleSettled, occurrences, flaps.size(), flaps);

        for (String missing : expectedOpen) {
            if (!open.contains(missing)) {
                String sku = missing.substring(0, missing.indexOf(':'));
                System.out.println("  scripted " + sku + " (both edits delivered) has no open conflict; its name history: " + jdbc.queryForList(
                        "SELECT l.action, l.origin, l.old_values, l.new_values, l.message FROM sync_log l JOIN products p ON p.id = l.product_id "
                                + "WHERE p.sku = ? AND (l.changed_fields LIKE '%name%' OR l.action = 'conflict') ORDER BY l.id", sku));
            }
        }
        assertThat(disagreements).as("every received field agrees " + SETTLE.toSeconds() + " s after the traffic stopped").isEmpty();
        assertThat(open).as("the open conflicts are exactly the scripted ones whose two edits reached the hub").isEqualTo(expectedOpen);
        assertThat(expectedOpen).as("most scripted conflicts are visible to the hub").hasSizeGreaterThanOrEqualTo(scriptedSkus.size() / 2);
        assertThat(flaps).as("no field went back and forth").isEmpty();
    }

    /** Sends both catalogues (the store was emptied after the demo's own first sending) and waits for them. */
    private List<String> catalogueInTheHub() throws InterruptedException {
        sims.shopify().sendCatalogue();
        sims.woo().sendCatalogue();
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String sku = String.format("SIM-%06d", i);
            if (sims.shopify().variantBySku(sku).isPresent() || sims.woo().productBySku(sku).isPresent()) {
                skus.add(sku);
            }
        }
        HubClient.await(Duration.ofSeconds(60), "the catalogues in the hub, linked to both shops where both sell the SKU", () -> {
            for (String sku : skus) {
                int links = count("SELECT COUNT(*) FROM product_links l JOIN products p ON p.id = l.product_id WHERE p.sku = ? "
                        + "AND l.platform IN ('SHOPIFY', 'WOOCOMMERCE')", sku).intValue();
                int expected = (sims.shopify().variantBySku(sku).isPresent() ? 1 : 0) + (sims.woo().productBySku(sku).isPresent() ? 1 : 0);
                if (links < expected) {
                    return false;
                }
            }
            return count("SELECT COUNT(*) FROM inbox WHERE status <> 'DONE'") == 0;
        });
        return skus;
    }

    /** Like the demo: one SKU sold on both shops edited on both at once, to different prices and names. */
    private void conflictingEdit(List<String> skus) {
        for (int attempt = 0; attempt < 50; attempt++) {
            String sku = skus.get(random.nextInt(skus.size()));
            Optional<ObjectNode> variant = sims.shopify().variantBySku(sku);
            Optional<ObjectNode> woo = sims.woo().productBySku(sku);
            if (scriptedSkus.contains(sku) || variant.isEmpty() || woo.isEmpty() || woo.get().path("parent_id").asLong() != 0
                    || sims.shopify().product(variant.get().get("product_id").asLong()).orElseThrow().get("variants").size() != 1) {
                continue;
            }
            BigDecimal price = new BigDecimal(variant.get().get("price").asText());
            String name = woo.get().get("name").asText();
            sims.shopify().merchantEdit(sku, price.add(BigDecimal.ONE), name + " (Shopify edit)");
            sims.woo().merchantEdit(sku, price.add(new BigDecimal("2.00")), name + " (WooCommerce edit)");
            scriptedSkus.add(sku);
            return;
        }
        throw new IllegalStateException("no SKU left for a scripted conflict");
    }

    /**
     * A snapshot of a random product as each shop holds it now, delivered 2–10 s later (late, and reordered with the
     * live webhooks); every third one twice with the same delivery id (a duplicate).
     */
    private void scheduleLateDelivery(ScheduledExecutorService late, List<String> skus) {
        String sku = skus.get(random.nextInt(skus.size()));
        long delayMs = 2000 + random.nextInt(8000);
        boolean twice = random.nextInt(3) == 0;
        Optional<ObjectNode> variant = sims.shopify().variantBySku(sku);
        if (variant.isPresent()) {
            byte[] body = CanonicalJson.write(sims.shopify().product(variant.get().get("product_id").asLong()).orElseThrow())
                    .getBytes(StandardCharsets.UTF_8);
            String eventId = UUID.randomUUID().toString();
            late.schedule(() -> {
                shopifyDelivery(body, eventId);
                if (twice) {
                    shopifyDelivery(body, eventId);
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        }
        Optional<ObjectNode> woo = sims.woo().productBySku(sku);
        if (woo.isPresent()) {
            byte[] body = CanonicalJson.write(woo.get()).getBytes(StandardCharsets.UTF_8);
            String deliveryId = String.valueOf(1_000_000 + random.nextInt(1_000_000_000));
            late.schedule(() -> {
                wooDelivery(body, deliveryId);
                if (twice) {
                    wooDelivery(body, deliveryId);
                }
            }, delayMs + random.nextInt(1000), TimeUnit.MILLISECONDS);
        }
    }

    private void shopifyDelivery(byte[] body, String eventId) {
        var c = sims.shopify().config();
        int status = hub.send("/webhooks/shopify", body, Map.of("Content-Type", "application/json",
                "X-Shopify-Topic", "products/update", "X-Shopify-Hmac-Sha256", HmacSignature.sign(c.webhookSecret(), body),
                "X-Shopify-Shop-Domain", c.shopDomain(), "X-Shopify-Webhook-Id", "late-" + eventId,
                "X-Shopify-Event-Id", eventId, "X-Shopify-Triggered-At", Instant.now().toString())).status();
        counted(status, eventId);
    }

    private void wooDelivery(byte[] body, String deliveryId) {
        var c = sims.woo().config();
        int status = hub.send("/webhooks/woocommerce", body, Map.of("Content-Type", "application/json",
                "X-WC-Webhook-Topic", "product.updated", "X-WC-Webhook-Signature", HmacSignature.sign(c.webhookSecret(), body),
                "X-WC-Webhook-Source", c.sourceUrl(), "X-WC-Webhook-Resource", "product", "X-WC-Webhook-Event", "updated",
                "X-WC-Webhook-ID", "7", "X-WC-Webhook-Delivery-ID", deliveryId)).status();
        counted(status, deliveryId);
    }

    private final Set<String> sentOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private void counted(int status, String id) {
        assertThat(status).as("the hub accepts the signed late delivery").isBetween(200, 299);
        if (sentOnce.add(id)) {
            lateDeliveries.incrementAndGet();
        } else {
            duplicateDeliveries.incrementAndGet();
        }
    }

    /** Every field a shop receives, hub vs shop (through the hub's own inbound mapping), and stock vs JTL. */
    private List<String> disagreements(List<String> skus) {
        List<String> out = new ArrayList<>();
        if (count("SELECT COUNT(*) FROM inbox WHERE status <> 'DONE'") > 0) {
            out.add("inbox not drained");
        }
        jdbc.queryForList("SELECT entity_id, target, operation, status, attempts, next_attempt_at, last_error FROM outbox "
                + "WHERE status IN ('pending', 'processing')").forEach(job -> out.add("open push " + job));
        SellableFormula formula = SellableFormula.LEVEL_MINUS_RESERVED_BLOCKED;
        for (String sku : skus) {
            List<Map<String, Object>> rows = jdbc.queryForList("SELECT fields FROM products WHERE sku = ?", sku);
            if (rows.size() != 1) {
                out.add(sku + ": " + rows.size() + " products in the hub");
                continue;
            }
            JsonNode hubFields = CanonicalJson.parse(String.valueOf(rows.get(0).get("fields")));
            Optional<ObjectNode> variant = sims.shopify().variantBySku(sku);
            if (variant.isPresent()) {
                ObjectNode product = sims.shopify().product(variant.get().get("product_id").asLong()).orElseThrow();
                Set<String> fields = new LinkedHashSet<>(SHOPIFY_RECEIVES);
                if (product.get("variants").size() == 1) {
                    fields.add("name");
                }
                compare(out, sku, "SHOPIFY", hubFields, mapped("shopify/product-in", product, sku), fields);
            }
            Optional<ObjectNode> woo = sims.woo().productBySku(sku);
            if (woo.isPresent()) {
                Set<String> fields = new LinkedHashSet<>(WOO_RECEIVES);
                if (woo.get().path("parent_id").asLong() == 0) {
                    fields.add("name");
                }
                if (!woo.get().path("manage_stock").asBoolean()) {
                    fields.remove("available");
                }
                compare(out, sku, "WOOCOMMERCE", hubFields, mapped("woocommerce/product-in", woo.get(), sku), fields);
            }
            String jfsku = sims.jtl().jfskuOf(sku);
            if (jfsku != null && hubFields.has("available")) {
                JsonNode s = sims.jtl().stock(jfsku);
                BigDecimal sellable = formula.sellable(s.get("stockLevel").decimalValue(), s.get("stockLevelReserved").decimalValue(),
                        s.get("stockLevelBlocked").decimalValue());
                long jtl = Math.max(0, sellable.setScale(0, java.math.RoundingMode.FLOOR).longValue());
                if (hubFields.get("available").asLong() != jtl) {
                    out.add(sku + " available: hub " + hubFields.get("available") + ", JTL " + jtl);
                }
            }
        }
        return out;
    }

    private JsonNode mapped(String mapping, JsonNode resource, String sku) {
        JsonNode items = CanonicalJson.parse(mappings.map(mapping, resource));
        if (items.isObject()) {
            return items.path("fields");
        }
        for (JsonNode item : items) {
            if (sku.equals(item.path("sku").asText())) {
                return item.path("fields");
            }
        }
        return CanonicalJson.object();
    }

    private static void compare(List<String> out, String sku, String platform, JsonNode hub, JsonNode platformFields, Set<String> fields) {
        for (String f : fields) {
            JsonNode h = hub.get(f);
            if (h == null || h.isNull()) {
                continue; // the hub never clears a platform field
            }
            JsonNode p = platformFields.get(f);
            if (!CanonicalJson.sameValue(CanonicalJson.normalise(h), p == null ? null : CanonicalJson.normalise(p))) {
                out.add(sku + " " + f + ": hub " + h + ", " + platform + " " + p);
            }
        }
    }

    /**
     * Per product and field, how often a value came back right after being replaced (A -> B -> A) in the sync log,
     * where the way back is not explained by the workload: the warehouse's random stock movements (origin JTL) may
     * well return to a level they had.
     */
    private Map<String, Integer> flaps() {
        record Change(JsonNode value, String origin) {
        }
        Map<String, List<Change>> history = new HashMap<>();
        for (Map<String, Object> r : jdbc.queryForList("SELECT product_id, origin, new_values FROM sync_log WHERE action IN ('created', "
                + "'updated', 'conflict_resolved') ORDER BY id")) {
            JsonNode values = CanonicalJson.parse(String.valueOf(r.get("new_values")));
            values.fields().forEachRemaining(e -> history.computeIfAbsent(r.get("product_id") + ":" + e.getKey(), k -> new ArrayList<>())
                    .add(new Change(CanonicalJson.normalise(e.getValue()), String.valueOf(r.get("origin")))));
        }
        Map<String, Integer> flaps = new LinkedHashMap<>();
        history.forEach((key, changes) -> {
            int n = 0;
            for (int i = 2; i < changes.size(); i++) {
                if (CanonicalJson.sameValue(changes.get(i).value(), changes.get(i - 2).value())
                        && !CanonicalJson.sameValue(changes.get(i).value(), changes.get(i - 1).value())
                        && !changes.get(i).origin().equals("JTL")) {
                    n++;
                }
            }
            if (n > 0) {
                flaps.put(key, n);
            }
        });
        return flaps;
    }

    private long logCount(String action) {
        return count("SELECT COUNT(*) FROM sync_log WHERE action = ?", action);
    }

    private Long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }
}
