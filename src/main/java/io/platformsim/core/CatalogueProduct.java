package io.platformsim.core;

import java.util.List;

/** A platform-neutral product of the simulated merchant, rendered by each simulator in its own format. */
public record CatalogueProduct(int index, String title, String description, String vendor, String productType,
                               List<String> tags, List<CatalogueVariant> variants) {
}
