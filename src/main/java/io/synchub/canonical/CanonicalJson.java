package io.synchub.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.math.BigDecimal;
import java.util.Comparator;

/**
 * The one JSON configuration of the hub: numbers are parsed losslessly (18-digit ids stay exact, prices stay
 * decimals) and values compare numerically, so 19.9 equals 19.90.
 */
public final class CanonicalJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .addModule(new JavaTimeModule())
            .build();

    private static final Comparator<JsonNode> NUMERIC_AWARE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    /** Beyond this many digits a number is not normalised (expanding 1e10000000 would burn seconds of CPU). */
    private static final int MAX_EXPANDED_DIGITS = 64;

    private CanonicalJson() {
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Equal as canonical values: numbers by value (19.9 == 19.90), null and missing alike. */
    public static boolean sameValue(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isNull() || a.isMissingNode();
        boolean bNull = b == null || b.isNull() || b.isMissingNode();
        if (aNull || bNull) {
            return aNull == bNull;
        }
        return a.equals(NUMERIC_AWARE, b);
    }

    public static JsonNode normalise(JsonNode value) {
        if (value != null && value.isNumber()) {
            BigDecimal d = value.decimalValue();
            if ((long) d.precision() - d.scale() > MAX_EXPANDED_DIGITS || d.scale() > MAX_EXPANDED_DIGITS) {
                // out of every field's range: left as written (validation refuses it), never expanded digit by digit
                return value;
            }
            d = d.stripTrailingZeros();
            return MAPPER.getNodeFactory().numberNode(d.scale() < 0 ? d.setScale(0) : d);
        }
        return value;
    }
}
