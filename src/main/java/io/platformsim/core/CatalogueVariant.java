package io.platformsim.core;

import java.math.BigDecimal;

/** One sellable variant; {@code sku} is null for the share of products without one. */
public record CatalogueVariant(String title, String sku, BigDecimal price, BigDecimal compareAtPrice, int stock,
                               String barcode, BigDecimal weightKg) {
}
