package io.platformsim.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogueTest {

    @Test
    void sameSeedSameCatalogueOtherSeedOtherCatalogue() {
        List<CatalogueProduct> a = Catalogue.generate(CatalogueSpec.of(300, 7));
        assertThat(Catalogue.generate(CatalogueSpec.of(300, 7))).isEqualTo(a);
        assertThat(Catalogue.generate(CatalogueSpec.of(300, 8))).isNotEqualTo(a);
    }

    @Test
    void mostProductsHaveUniqueSkusSomeHaveNone() {
        List<CatalogueVariant> variants = Catalogue.stream(CatalogueSpec.of(2000, 1)).flatMap(p -> p.variants().stream()).toList();
        long missing = variants.stream().filter(v -> v.sku() == null).count();
        assertThat(missing).isBetween(10L, 200L);
        List<String> skus = variants.stream().map(CatalogueVariant::sku).filter(Objects::nonNull).toList();
        assertThat(skus).doesNotHaveDuplicates();
        assertThat(variants.size()).isGreaterThan(2000);
    }

    @Test
    void sizeIsBounded() {
        assertThatThrownBy(() -> CatalogueSpec.of(100_001, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Catalogue.product(CatalogueSpec.of(100_000, 1), 99_999).index()).isEqualTo(99_999);
    }
}
