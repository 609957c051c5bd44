package io.platformsim.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Generates the simulated merchant's catalogue deterministically: product {@code i} depends only on the seed and
 * {@code i}, so every simulator built from the same spec holds the same products and SKUs.
 */
public final class Catalogue {

    private static final String[] MATERIALS = {"Organic Cotton", "Merino", "Linen", "Bamboo", "Recycled", "Heavyweight",
            "Classic", "Vintage", "Essential", "Premium", "Lightweight", "Waterproof"};
    private static final String[] NOUNS = {"T-Shirt", "Hoodie", "Sweater", "Jacket", "Cap", "Beanie", "Tote Bag", "Socks",
            "Scarf", "Polo", "Shorts", "Backpack", "Mug", "Notebook", "Water Bottle"};
    private static final String[] TYPES = {"Shirts", "Outerwear", "Accessories", "Homeware", "Stationery"};
    private static final String[] VENDORS = {"Acme", "Northwind", "Globex", "Initech", "Umbrella Goods"};
    private static final String[] SIZES = {"Small", "Medium", "Large", "X-Large"};
    private static final String[] TAGS = {"new", "sale", "bestseller", "eco", "gift", "limited"};

    private Catalogue() {
    }

    public static Stream<CatalogueProduct> stream(CatalogueSpec spec) {
        return IntStream.range(0, spec.size()).mapToObj(i -> product(spec, i));
    }

    public static List<CatalogueProduct> generate(CatalogueSpec spec) {
        return stream(spec).toList();
    }

    public static CatalogueProduct product(CatalogueSpec spec, int index) {
        SplittableRandom r = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + index);
        String noun = NOUNS[r.nextInt(NOUNS.length)];
        String title = MATERIALS[r.nextInt(MATERIALS.length)] + " " + noun + " " + String.format("%05d", index);
        boolean hasSku = r.nextDouble() >= spec.missingSkuShare();
        int variantCount = spec.maxVariants() == 1 || r.nextDouble() < 0.7 ? 1 : 2 + r.nextInt(spec.maxVariants() - 1);
        BigDecimal price = BigDecimal.valueOf(499 + r.nextInt(9500), 2);
        BigDecimal compareAt = r.nextDouble() < 0.3 ? price.multiply(BigDecimal.valueOf(1.25)).setScale(2, RoundingMode.HALF_UP) : null;
        List<CatalogueVariant> variants = new ArrayList<>();
        for (int v = 0; v < variantCount; v++) {
            String variantTitle = variantCount == 1 ? "Default Title" : SIZES[v % SIZES.length];
            String sku = !hasSku ? null : variantCount == 1 ? String.format("SIM-%06d", index) : String.format("SIM-%06d-%s", index, variantTitle.charAt(0));
            String barcode = r.nextDouble() < 0.5 ? String.format("40%011d", (long) index * 10 + v) : null;
            variants.add(new CatalogueVariant(variantTitle, sku, price, compareAt, r.nextInt(200),
                    barcode, BigDecimal.valueOf(50 + r.nextInt(2000), 3)));
        }
        List<String> tags = new ArrayList<>();
        for (String t : TAGS) {
            if (r.nextDouble() < 0.2) {
                tags.add(t);
            }
        }
        return new CatalogueProduct(index, title, "<p>" + title + " by " + VENDORS[index % VENDORS.length] + ".</p>",
                VENDORS[index % VENDORS.length], TYPES[r.nextInt(TYPES.length)], tags, variants);
    }

    /** A price moved by -10 %..+10 % (at least one cent), never below 1.00: a simulated merchant's edit. */
    public static BigDecimal editedPrice(BigDecimal price, SplittableRandom r) {
        BigDecimal factor = BigDecimal.valueOf(90 + r.nextInt(21)).movePointLeft(2);
        BigDecimal next = price.multiply(factor).setScale(2, RoundingMode.HALF_UP);
        if (next.compareTo(price) == 0) {
            next = price.add(new BigDecimal("0.01"));
        }
        return next.max(new BigDecimal("1.00"));
    }
}
