package io.synchub.mapping;

import com.dashjoin.jsonata.Jsonata;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CompiledMappingTest {

    /** Keeps the {@code $x} it already has unless the document is flagged: a later unflagged document must not see one. */
    private static final String CONDITIONAL_BIND = "($x := flag ? name : $x; {\"seen\": $x, \"name\": name})";

    @Test
    void aVariableBoundWhileMappingOneDocumentIsNotSeenByTheNext() {
        CompiledMapping mapping = new CompiledMapping(CONDITIONAL_BIND);

        assertThat(mapping.evaluate(Map.of("flag", true, "name", "first"))).isEqualTo(Map.of("seen", "first", "name", "first"));
        assertThat(mapping.evaluate(Map.of("flag", false, "name", "second"))).isEqualTo(Map.of("name", "second"));
    }

    /** The library on its own, evaluated the same way: why {@link CompiledMapping} exists. */
    @Test
    void theLibraryOnItsOwnLetsTheNextDocumentSeeIt() {
        Jsonata raw = Jsonata.jsonata(CONDITIONAL_BIND);

        raw.evaluate(Map.of("flag", true, "name", "first"));
        assertThat(raw.evaluate(Map.of("flag", false, "name", "second"))).isEqualTo(Map.of("seen", "first", "name", "second"));
    }

    @Test
    void manyEvaluationsGiveTheSameAnswers() {
        CompiledMapping mapping = new CompiledMapping("($p := product; {\"sku\": $p.code, \"n\": $count($p.tags)})");
        for (int i = 0; i < 5_000; i++) {
            Object out = mapping.evaluate(Map.of("product", Map.of("code", "SKU-" + i, "tags", java.util.List.of("a", "b"))));
            assertThat(out).isEqualTo(Map.of("sku", "SKU-" + i, "n", 2));
        }
    }
}
