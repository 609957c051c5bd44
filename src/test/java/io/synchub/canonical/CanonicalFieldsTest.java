package io.synchub.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The canonical field table: what each field may hold, judged without expanding a number. */
class CanonicalFieldsTest {

    private static JsonNode json(String text) {
        return CanonicalJson.parse(text);
    }

    @Test
    void decimalsAreBoundedWithoutExpansion() {
        for (String ok : new String[]{"19.99", "0", "-3.5", "999999999999999", "1e14", "12.500000", "0.000001"}) {
            assertThatCode(() -> CanonicalFields.check("netSalesPrice", json(ok))).as(ok).doesNotThrowAnyException();
        }
        for (String bad : new String[]{"1e100000", "1e30000000", "1e-100000", "1e16", "0.0000001", "\"19.99\"", "true", "[1]", "{}"}) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> CanonicalFields.check("netSalesPrice", json(bad))).as(bad)
                    .isInstanceOf(CanonicalFields.Invalid.class).hasMessageContaining("netSalesPrice");
            assertThat((System.nanoTime() - t0) / 1_000_000).as(bad + " judged in ms").isLessThan(200);
        }
    }

    @Test
    void textsBooleansAndListsAreWhatTheySay() {
        assertThatThrownBy(() -> CanonicalFields.check("name", json("123"))).hasMessageContaining("name");
        assertThatThrownBy(() -> CanonicalFields.check("name", json("\"a\\u0000b\""))).hasMessageContaining("NUL");
        assertThatThrownBy(() -> CanonicalFields.check("isActive", json("\"yes\""))).hasMessageContaining("isActive");
        assertThatThrownBy(() -> CanonicalFields.check("tags", json("\"a,b\""))).hasMessageContaining("tags");
        assertThatThrownBy(() -> CanonicalFields.check("tags", json("[\"a\", 1]"))).hasMessageContaining("tags");
        assertThatThrownBy(() -> CanonicalFields.check("sku", json("\"" + "x".repeat(256) + "\""))).hasMessageContaining("sku");
        assertThatCode(() -> CanonicalFields.check(json("{\"name\":\"Shirt\",\"isActive\":false,\"tags\":[\"a\"],"
                + "\"netSalesPrice\":null,\"available\":12}"))).doesNotThrowAnyException();
    }

    @Test
    void fieldsOutsideTheTableKeepTheGenericBounds() {
        assertThatCode(() -> CanonicalFields.check("clientSpecific", json("{\"a\":[1,\"x\",true]}"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> CanonicalFields.check("clientSpecific", json("{\"a\":1e100000}"))).hasMessageContaining("clientSpecific");
        assertThatThrownBy(() -> CanonicalFields.check("clientSpecific", json("\"\\u0000\""))).hasMessageContaining("NUL");
    }

    @Test
    void normalisingAHugeNumberNeverExpandsIt() {
        long t0 = System.nanoTime();
        JsonNode n = CanonicalJson.normalise(json("1e10000000"));
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(200);
        assertThat(n.decimalValue().scale()).isEqualTo(-10000000);
        assertThat(CanonicalJson.normalise(json("19.900")).decimalValue().toPlainString()).isEqualTo("19.9");
        assertThat(CanonicalJson.normalise(json("1e3")).decimalValue().toPlainString()).isEqualTo("1000");
    }

    @Test
    void requestBodiesAreCheckedForNumbersEverywhere() {
        assertThatThrownBy(() -> CanonicalFields.checkNumbers("", json("{\"totals\":{\"total\":1e10000000}}")))
                .hasMessageContaining("totals.total");
        assertThatThrownBy(() -> CanonicalFields.checkNumbers("", json("{\"lines\":[{\"qty\":1},{\"qty\":1e40}]}")))
                .hasMessageContaining("lines[1].qty");
        assertThatCode(() -> CanonicalFields.checkNumbers("", json("{\"id\":12345678901234567890,\"price\":19.99}")))
                .doesNotThrowAnyException();
    }
}
