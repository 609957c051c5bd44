package io.platformsim.core;

/**
 * How big and how messy a simulated catalogue is: {@code size} products (up to 100,000), generated from {@code seed}
 * (same seed → same catalogue on every platform, so the same SKUs meet in the hub), a share of products without a
 * SKU as real catalogues have, and up to {@code maxVariants} variants per product.
 */
public record CatalogueSpec(int size, long seed, double missingSkuShare, int maxVariants) {

    public static final int MAX_SIZE = 100_000;

    public CatalogueSpec {
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("catalogue size must be between 0 and " + MAX_SIZE + ", got " + size);
        }
        if (missingSkuShare < 0 || missingSkuShare > 1) {
            throw new IllegalArgumentException("missingSkuShare must be between 0 and 1");
        }
        if (maxVariants < 1) {
            throw new IllegalArgumentException("maxVariants must be at least 1");
        }
    }

    public static CatalogueSpec of(int size, long seed) {
        return new CatalogueSpec(size, seed, 0.03, 3);
    }
}
