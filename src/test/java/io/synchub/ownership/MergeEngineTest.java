package io.synchub.ownership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped mappings/ownership.yaml against the table of DESIGN §3, exhaustively: every group × every origin ×
 * (first write, same origin again, another origin inside the window, another origin outside the window).
 */
class MergeEngineTest {

    private static final OwnershipRules RULES = new OwnershipRulesFile("mappings", "").rules();
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final List<String> ORIGINS = List.of("SHOPIFY", "WOOCOMMERCE", "JTL", "PLOOMES", "ADMIN", "NOLIMITS");

    /** DESIGN §3 written out independently of the YAML: one representative field per group. */
    private static final Map<String, String> FIELD = Map.of("commerce", "netSalesPrice", "ops", "warehouseNotes",
            "shared", "name", "stock", "available");
    private static final Map<String, Set<String>> WRITERS = Map.of(
            "commerce", Set.of("SHOPIFY", "WOOCOMMERCE", "PLOOMES", "NOLIMITS", "ADMIN"), // ADMIN: the admin panel's pulled products
            "ops", Set.of("NOLIMITS"),
            "shared", Set.copyOf(ORIGINS),
            "stock", Set.of("JTL", "NOLIMITS"));
    /** prefer is a ranking: listed first wins; unlisted origins share the last place. */
    private static final Map<String, List<String>> PREFERRED = Map.of(
            "commerce", List.of("SHOPIFY", "WOOCOMMERCE"), "ops", List.of("NOLIMITS"), "shared", List.of(), "stock", List.of());
    private static final Set<String> RECORDS_CONFLICTS = Set.of("commerce", "ops", "shared");

    enum Previous { NONE, SAME_ORIGIN, OTHER_INSIDE_WINDOW, OTHER_OUTSIDE_WINDOW }

    static Stream<Arguments> everyCase() {
        List<Arguments> cases = new ArrayList<>();
        for (String group : FIELD.keySet()) {
            for (String origin : ORIGINS) {
                for (Previous previous : Previous.values()) {
                    if (previous == Previous.NONE || previous == Previous.SAME_ORIGIN) {
                        cases.add(Arguments.of(group, origin, previous, null));
                    } else {
                        for (String prevOrigin : WRITERS.get(group)) {
                            if (!prevOrigin.equals(origin)) {
                                cases.add(Arguments.of(group, origin, previous, prevOrigin));
                            }
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} field by {1}, previous {2} {3}")
    @MethodSource("everyCase")
    void followsTheOwnershipTable(String group, String origin, Previous previous, String prevOrigin) {
        String field = FIELD.get(group);
        Map<String, FieldState> current = switch (previous) {
            case NONE -> Map.of();
            case SAME_ORIGIN -> Map.of(field, new FieldState(value("old"), origin, NOW.minusSeconds(10), null));
            case OTHER_INSIDE_WINDOW -> Map.of(field, new FieldState(value("old"), prevOrigin, NOW.minus(Duration.ofMinutes(4)), null));
            case OTHER_OUTSIDE_WINDOW -> Map.of(field, new FieldState(value("old"), prevOrigin, NOW.minus(Duration.ofMinutes(6)), null));
        };
        ObjectNode incoming = CanonicalJson.object();
        incoming.set(field, value("new"));

        MergeOutcome out = MergeEngine.merge(RULES, "default", origin, NOW, null, incoming, current, Map.of(), false);

        boolean mayWrite = WRITERS.get(group).contains(origin);
        if (!mayWrite) {
            assertThat(out.applied()).isEmpty();
            assertThat(out.dropped()).singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo(DroppedField.Reason.OWNERSHIP));
            assertThat(out.conflicts()).isEmpty();
            return;
        }
        if (previous != Previous.OTHER_INSIDE_WINDOW) {
            assertThat(out.applied()).containsOnlyKeys(field);
            assertThat(out.dropped()).isEmpty();
            assertThat(out.conflicts()).isEmpty();
            return;
        }
        int localRank = rank(group, prevOrigin);
        int incomingRank = rank(group, origin);
        boolean localWins = localRank < incomingRank;
        if (localWins) {
            assertThat(out.applied()).isEmpty();
            assertThat(out.dropped()).singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo(DroppedField.Reason.CONFLICT_LOST));
        } else {
            assertThat(out.applied()).containsOnlyKeys(field);
        }
        if (RECORDS_CONFLICTS.contains(group)) {
            assertThat(out.conflicts()).singleElement().satisfies(c -> {
                assertThat(c.localOrigin()).isEqualTo(prevOrigin);
                assertThat(c.remoteOrigin()).isEqualTo(origin);
                assertThat(c.appliedOrigin()).isEqualTo(localWins ? prevOrigin : origin);
                assertThat(c.needsOperator()).as("an operator settles it only when no preference decided")
                        .isEqualTo(localRank == incomingRank);
            });
        } else {
            assertThat(out.conflicts()).isEmpty();
        }
    }

    private static int rank(String group, String origin) {
        int i = PREFERRED.get(group).indexOf(origin);
        return i < 0 ? PREFERRED.get(group).size() : i;
    }

    @Test
    void theSameValueFromAnotherOriginInsideTheWindowIsNoChangeAndNoConflict() {
        Map<String, FieldState> current = Map.of("name", new FieldState(value("Shirt"), "NOLIMITS", NOW.minusSeconds(30), null));
        ObjectNode incoming = CanonicalJson.object().put("name", "Shirt");
        MergeOutcome out = MergeEngine.merge(RULES, "default", "SHOPIFY", NOW, null, incoming, current, Map.of(), false);
        assertThat(out.changesSomething()).isFalse();
        assertThat(out.conflicts()).isEmpty();
    }

    @Test
    void numbersCompareByValue() {
        Map<String, FieldState> current = Map.of("netSalesPrice", new FieldState(CanonicalJson.parse("19.9"), "SHOPIFY", NOW, null));
        ObjectNode incoming = (ObjectNode) CanonicalJson.parse("{\"netSalesPrice\": 19.90}");
        assertThat(MergeEngine.merge(RULES, "default", "SHOPIFY", NOW, null, incoming, current, Map.of(), false).changesSomething()).isFalse();
    }

    @Test
    void anUpdateOlderThanTheLastFromTheSameOriginIsStale() {
        Instant applied = Instant.parse("2026-06-01T11:00:00Z");
        Map<String, Map<String, Instant>> clocks = Map.of("name", Map.of("SHOPIFY", applied));
        Map<String, FieldState> current = Map.of("name", new FieldState(value("new title"), "SHOPIFY", NOW.minusSeconds(60), applied));
        ObjectNode incoming = CanonicalJson.object().put("name", "old title");
        MergeOutcome out = MergeEngine.merge(RULES, "default", "SHOPIFY", NOW, applied.minusSeconds(1), incoming, current, clocks, false);
        assertThat(out.applied()).isEmpty();
        assertThat(out.dropped()).singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo(DroppedField.Reason.STALE));
    }

    @Test
    void clocksOfDifferentOriginsAreNeverCompared() {
        // WooCommerce's clock says 2030, Shopify's update says 2020: only Shopify's own earlier clock could make it stale.
        Map<String, Map<String, Instant>> clocks = Map.of("name", Map.of("WOOCOMMERCE", Instant.parse("2030-01-01T00:00:00Z")));
        Map<String, FieldState> current = Map.of("name", new FieldState(value("woo"), "WOOCOMMERCE", NOW.minus(Duration.ofHours(1)), null));
        ObjectNode incoming = CanonicalJson.object().put("name", "shopify");
        MergeOutcome out = MergeEngine.merge(RULES, "default", "SHOPIFY", NOW, Instant.parse("2020-01-01T00:00:00Z"),
                incoming, current, clocks, false);
        assertThat(out.applied()).containsOnlyKeys("name");
        assertThat(out.clockAdvances()).containsKey("name");
    }

    @Test
    void aCommercePlatformsSkuIsTakenWhenItCreatesTheProductAndNeverAfterwards() {
        ObjectNode incoming = CanonicalJson.object().put("sku", "TS-S");
        assertThat(MergeEngine.merge(RULES, "default", "SHOPIFY", NOW, null, incoming, Map.of(), Map.of(), true).applied())
                .containsOnlyKeys("sku");
        Map<String, FieldState> current = Map.of("sku", new FieldState(value("TS-S"), "SHOPIFY", NOW.minus(Duration.ofDays(1)), null));
        ObjectNode changed = CanonicalJson.object().put("sku", "TS-SMALL");
        MergeOutcome later = MergeEngine.merge(RULES, "default", "SHOPIFY", NOW, null, changed, current, Map.of(), false);
        assertThat(later.applied()).isEmpty();
        assertThat(later.dropped()).singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo(DroppedField.Reason.OWNERSHIP));
    }

    @Test
    void aFieldNoGroupNamesIsDropped() {
        ObjectNode incoming = CanonicalJson.object().put("favouriteColour", "blue");
        MergeOutcome out = MergeEngine.merge(RULES, "default", "NOLIMITS", NOW, null, incoming, Map.of(), Map.of(), false);
        assertThat(out.dropped()).singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo(DroppedField.Reason.UNKNOWN_FIELD));
    }

    @Test
    void aPerClientOverrideMovesPriceToOpsForThatClientOnly() {
        ObjectNode incoming = CanonicalJson.object().put("netSalesPrice", 10);
        assertThat(MergeEngine.merge(RULES, "example-internal-pricing", "SHOPIFY", NOW, null, incoming, Map.of(), Map.of(), false)
                .applied()).isEmpty();
        assertThat(MergeEngine.merge(RULES, "default", "SHOPIFY", NOW, null, incoming, Map.of(), Map.of(), false)
                .applied()).containsOnlyKeys("netSalesPrice");
    }

    @Test
    void preferIsARankingShopifyBeatsWooCommerceInsideTheWindowWhicheverWritesSecond() {
        Map<String, FieldState> wooFirst = Map.of("tags", new FieldState(array("sale"), "WOOCOMMERCE", NOW.minusSeconds(20), null));
        MergeOutcome shopifySecond = MergeEngine.merge(RULES, "default", "SHOPIFY", NOW, null,
                CanonicalJson.object().set("tags", array("new", "sale")), wooFirst, Map.of(), false);
        assertThat(shopifySecond.applied()).containsOnlyKeys("tags");
        assertThat(shopifySecond.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.appliedOrigin()).isEqualTo("SHOPIFY");
            assertThat(c.needsOperator()).isFalse();
        });

        Map<String, FieldState> shopifyFirst = Map.of("tags", new FieldState(array("new", "sale"), "SHOPIFY", NOW.minusSeconds(20), null));
        MergeOutcome wooSecond = MergeEngine.merge(RULES, "default", "WOOCOMMERCE", NOW, null,
                CanonicalJson.object().set("tags", array()), shopifyFirst, Map.of(), false);
        assertThat(wooSecond.applied()).as("WooCommerce's empty tags never overwrite Shopify's inside the window").isEmpty();
        assertThat(wooSecond.dropped()).singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo(DroppedField.Reason.CONFLICT_LOST));
        assertThat(wooSecond.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.appliedOrigin()).isEqualTo("SHOPIFY");
            assertThat(c.needsOperator()).isFalse();
        });
    }

    @Test
    void aValueUnchangedAtItsOriginSinceTheHubLastSawItIsNoWriteEvenOutsideTheWindow() {
        Map<String, FieldState> current = Map.of("tags", new FieldState(array("new", "sale"), "SHOPIFY", NOW.minus(Duration.ofHours(2)), null));
        Map<String, Map<String, JsonNode>> seen = Map.of("tags", Map.of("WOOCOMMERCE", array(), "SHOPIFY", array("new", "sale")));
        MergeOutcome same = MergeEngine.merge(RULES, "default", "WOOCOMMERCE", NOW, null,
                CanonicalJson.object().set("tags", array()), current, Map.of(), seen, false);
        assertThat(same.applied()).isEmpty();
        assertThat(same.dropped()).isEmpty();
        assertThat(same.conflicts()).isEmpty();

        MergeOutcome edited = MergeEngine.merge(RULES, "default", "WOOCOMMERCE", NOW, null,
                CanonicalJson.object().set("tags", array("clearance")), current, Map.of(), seen, false);
        assertThat(edited.applied()).as("a real edit at the origin is a write").containsOnlyKeys("tags");
    }

    private static JsonNode array(String... items) {
        var a = CanonicalJson.MAPPER.getNodeFactory().arrayNode();
        for (String i : items) {
            a.add(i);
        }
        return a;
    }

    private static JsonNode value(String s) {
        return CanonicalJson.MAPPER.getNodeFactory().textNode(s);
    }
}
