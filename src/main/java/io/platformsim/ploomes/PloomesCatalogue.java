package io.platformsim.ploomes;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The seed's catalogue of a machinery distributor: 11,793 products in overlapping groups — 127 services
 * ({@code CIA_…}), 95 rental items ({@code CIA_LOC_…}), 1,307 Atlas (group "Atlas Copco"), 1,952 Ingersoll
 * (family "Compressores Ingersoll Rand") and 10,982 created by the Omie integration user. Deterministic: the same
 * size and seed give the same products. The group sizes scale down proportionally for smaller test catalogues.
 */
final class PloomesCatalogue {

    static final int SEED_SIZE = 11_793;
    static final long GROUP_ATLAS = 1, GROUP_PARTS = 2, GROUP_SERVICES = 3, GROUP_RENTALS = 4;
    static final long FAMILY_INGERSOLL = 11, FAMILY_MISC = 12, FAMILY_TOOLS = 13;
    static final Map<Long, String> GROUPS = Map.of(GROUP_ATLAS, "Atlas Copco", GROUP_PARTS, "Peças e Acessórios",
            GROUP_SERVICES, "Serviços", GROUP_RENTALS, "Locação de Equipamentos");
    static final Map<Long, String> FAMILIES = Map.of(FAMILY_INGERSOLL, "Compressores Ingersoll Rand",
            FAMILY_MISC, "Diversos", FAMILY_TOOLS, "Ferramentas");
    static final long FIRST_ID = 400_001;
    static final long HUMAN_USER = 10_001;

    private final TreeMap<Long, PloomesProduct> byId = new TreeMap<>();
    private final SplittableRandom random;
    private final long omieCreatorId;
    private Instant lastChange = Instant.EPOCH;
    private long nextId;

    PloomesCatalogue(int size, long seed, long omieCreatorId) {
        this.random = new SplittableRandom(seed);
        this.omieCreatorId = omieCreatorId;
        double scale = size / (double) SEED_SIZE;
        int services = (int) Math.round(127 * scale);
        int rentals = (int) Math.round(95 * scale);
        int atlasFrom = (int) Math.round(200 * scale);
        int atlasTo = atlasFrom + (int) Math.round(1_307 * scale);
        int ingersollTo = atlasTo + (int) Math.round(1_952 * scale);
        int omieFrom = size - (int) Math.round(10_982 * scale);
        Instant base = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < size; i++) {
            PloomesProduct p = new PloomesProduct();
            p.id = FIRST_ID + i;
            if (i < services) {
                p.code = String.format("CIA_SRV_%04d", i);
                p.name = "Serviço de manutenção " + (i + 1);
                p.groupId = GROUP_SERVICES;
                p.measurementUnit = "H";
            } else if (i < services + rentals) {
                p.code = String.format("CIA_LOC_%04d", i);
                p.name = "Locação de compressor " + (i + 1);
                p.groupId = GROUP_RENTALS;
                p.measurementUnit = "DIA";
            } else {
                p.code = String.format("MAQ-%05d", i);
                p.name = "Peça de reposição " + (i + 1);
                p.groupId = GROUP_PARTS;
                p.measurementUnit = "UN";
            }
            p.familyId = i % 2 == 0 ? FAMILY_MISC : FAMILY_TOOLS;
            if (i >= atlasFrom && i < atlasTo) {
                p.groupId = GROUP_ATLAS;
            } else if (i >= atlasTo && i < ingersollTo) {
                p.familyId = FAMILY_INGERSOLL;
            }
            p.creatorId = i >= omieFrom ? omieCreatorId : HUMAN_USER;
            p.updaterId = p.creatorId;
            p.unitPrice = BigDecimal.valueOf(50 + random.nextInt(50_000), 2).add(BigDecimal.valueOf(random.nextInt(900)));
            p.imageUrl = i % 3 == 0 ? "https://cdn.ploomes-sim.example.com/products/" + p.id + ".jpg" : null;
            p.suspended = i % 97 == 0;
            p.createDate = base.minus(Duration.ofDays(365)).plusSeconds(i * 60L);
            p.lastUpdateDate = base.plusSeconds(i * 10L).plusMillis(random.nextInt(1000));
            p.ncm = p.code.startsWith("CIA_") ? null : String.format("8414.%02d.%02d", random.nextInt(100), random.nextInt(100));
            p.weight = p.code.startsWith("CIA_") ? null : BigDecimal.valueOf(random.nextInt(1, 500_000), 3);
            p.costPrice = p.unitPrice.multiply(BigDecimal.valueOf(0.6)).setScale(2, RoundingMode.HALF_UP);
            byId.put(p.id, p);
            lastChange = max(lastChange, p.lastUpdateDate);
        }
        nextId = FIRST_ID + size;
    }

    synchronized int size() {
        return byId.size();
    }

    synchronized PloomesProduct get(long id) {
        return byId.get(id);
    }

    /** The products matching the filter, ordered, one page of them, and how many matched in all. */
    synchronized Page query(Predicate<PloomesProduct> filter, Comparator<PloomesProduct> order, int skip, int top) {
        List<PloomesProduct> all = new ArrayList<>();
        for (PloomesProduct p : byId.values()) {
            if (filter.test(p)) {
                all.add(p);
            }
        }
        all.sort(order);
        List<PloomesProduct> page = all.subList(Math.min(skip, all.size()), Math.min(all.size(), skip + top));
        return new Page(List.copyOf(page), all.size());
    }

    record Page(List<PloomesProduct> items, int matched) {
    }

    /** A user's price edit of {@code count} distinct random products; returns their ids. */
    synchronized List<Long> change(int count, long userId) {
        List<Long> ids = new ArrayList<>(byId.keySet());
        List<Long> changed = new ArrayList<>();
        for (int n = 0; n < count && !ids.isEmpty(); n++) {
            long id = ids.remove(random.nextInt(ids.size()));
            edit(byId.get(id), userId);
            changed.add(id);
        }
        return changed;
    }

    /** One edit of a given product: price up a little, updated now. */
    synchronized boolean edit(long id, long userId) {
        PloomesProduct p = byId.get(id);
        if (p == null) {
            return false;
        }
        edit(p, userId);
        return true;
    }

    private void edit(PloomesProduct p, long userId) {
        p.unitPrice = p.unitPrice.add(BigDecimal.valueOf(random.nextInt(1, 500), 2));
        p.updaterId = userId;
        p.lastUpdateDate = tick();
    }

    synchronized PloomesProduct remove(long id) {
        return byId.remove(id);
    }

    /** Every change gets a distinct millisecond, so "LastUpdateDate gt cursor" never splits one instant. */
    private Instant tick() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        lastChange = now.isAfter(lastChange) ? now : lastChange.plusMillis(1);
        return lastChange;
    }

    /** How many products each of the seed's category rules matches, computed from the catalogue's own data. */
    synchronized Map<String, Integer> categoryCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String c : List.of("services", "rentals", "atlas", "ingersoll", "omie")) {
            counts.put(c, 0);
        }
        for (PloomesProduct p : byId.values()) {
            if (p.code.startsWith("CIA_") && !p.code.startsWith("CIA_LOC_")) {
                counts.merge("services", 1, Integer::sum);
            }
            if (p.code.startsWith("CIA_LOC_")) {
                counts.merge("rentals", 1, Integer::sum);
            }
            String names = (GROUPS.get(p.groupId) + " " + FAMILIES.get(p.familyId)).toLowerCase();
            if (names.contains("atlas")) {
                counts.merge("atlas", 1, Integer::sum);
            }
            if (names.contains("ingersoll")) {
                counts.merge("ingersoll", 1, Integer::sum);
            }
            if (p.creatorId == omieCreatorId) {
                counts.merge("omie", 1, Integer::sum);
            }
        }
        return counts;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
