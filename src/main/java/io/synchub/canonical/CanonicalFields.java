package io.synchub.canonical;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The types and ranges of the canonical product fields. Every write to the central store (API edit, mapped
 * platform delivery) is checked here, so a value the store cannot hold is refused naming its field, once, instead
 * of being stored as a 100,001-digit integer or failing later in the database:
 * <ul>
 *   <li>decimals: finite numbers with at most {@value #MAX_INTEGER_DIGITS} integer digits and {@value #MAX_SCALE}
 *       decimals (an exponent is judged from precision and scale, never expanded);</li>
 *   <li>booleans are JSON booleans, texts are JSON strings (bounded, without NUL), lists are lists of such texts;</li>
 *   <li>fields outside this table (client-specific ones) may be any JSON, with the same number and text bounds.</li>
 * </ul>
 * {@code null} clears a field and is always allowed.
 */
public final class CanonicalFields {

    public static final int MAX_INTEGER_DIGITS = 15;
    public static final int MAX_SCALE = 6;
    private static final int MAX_FREE_TEXT = 65_536;
    private static final int MAX_LIST = 500;
    private static final int MAX_DEPTH = 16;

    private enum Kind { DECIMAL, BOOLEAN, TEXT, TEXT_LIST }

    private record Spec(Kind kind, int maxLength) {
    }

    private static final Map<String, Spec> FIELDS = new HashMap<>();

    static {
        for (String f : new String[]{"netSalesPrice", "compareAtPrice", "weightInKg", "heightInCm", "lengthInCm", "widthInCm",
                "packagingQty", "minStockLevel", "reorderPoint", "available", "reserved", "announced"}) {
            FIELDS.put(f, new Spec(Kind.DECIMAL, 0));
        }
        for (String f : new String[]{"taxable", "hazmat", "isActive"}) {
            FIELDS.put(f, new Spec(Kind.BOOLEAN, 0));
        }
        text(255, "sku", "han", "productType", "vendor", "packagingUnit", "hazmatClass", "storageLocation", "manufacturer");
        text(64, "gtin", "customsCode", "countryOfOrigin");
        text(1000, "name", "seoTitle");
        text(2048, "imageUrl");
        text(4000, "seoDescription", "warehouseNotes");
        text(MAX_FREE_TEXT, "description");
        for (String f : new String[]{"tags", "collections", "categories", "images"}) {
            FIELDS.put(f, new Spec(Kind.TEXT_LIST, 2048));
        }
    }

    private static void text(int max, String... fields) {
        for (String f : fields) {
            FIELDS.put(f, new Spec(Kind.TEXT, max));
        }
    }

    private CanonicalFields() {
    }

    /** A value that does not fit its canonical field. */
    public static final class Invalid extends IllegalArgumentException {
        private final String field;

        Invalid(String field, String problem) {
            super("field '" + field + "': " + problem);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** A value found invalid outside this table (a mapping that cannot represent it). */
    public static Invalid invalid(String where, String problem) {
        return new Invalid(where, problem);
    }

    /** Checks every field of a canonical item; throws {@link Invalid} naming the first field that does not fit. */
    public static void check(JsonNode fields) {
        if (fields == null || !fields.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = fields.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            check(e.getKey(), e.getValue());
        }
    }

    public static void check(String field, JsonNode value) {
        if (field.indexOf('\0') >= 0) {
            throw new Invalid(field.replace('\0', '?'), "a field name must not contain NUL");
        }
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        Spec spec = FIELDS.get(field);
        if (spec == null) {
            bounded(field, value, 0);
            return;
        }
        switch (spec.kind()) {
            case DECIMAL -> decimal(field, value);
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw new Invalid(field, "must be true or false, got " + describe(value));
                }
            }
            case TEXT -> text(field, value, spec.maxLength());
            case TEXT_LIST -> {
                if (!value.isArray()) {
                    throw new Invalid(field, "must be a list of texts, got " + describe(value));
                }
                if (value.size() > MAX_LIST) {
                    throw new Invalid(field, "has more than " + MAX_LIST + " entries");
                }
                for (JsonNode v : value) {
                    text(field, v, spec.maxLength());
                }
            }
        }
    }

    /** A number a decimal field can hold: finite, bounded integer digits and scale; never expanded to check. */
    public static void decimal(String field, JsonNode value) {
        if (!value.isNumber()) {
            throw new Invalid(field, "must be a number, got " + describe(value));
        }
        if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            throw new Invalid(field, "must be a finite number");
        }
        BigDecimal d = value.decimalValue();
        if (d.signum() == 0) {
            return;
        }
        long integerDigits = (long) d.precision() - d.scale();
        if (integerDigits > MAX_INTEGER_DIGITS) {
            throw new Invalid(field, "is out of range (at most " + MAX_INTEGER_DIGITS + " digits before the decimal point)");
        }
        // scale after dropping trailing zeros, computed without touching huge values
        if (d.scale() > MAX_SCALE && (d.scale() > MAX_SCALE + 40 || d.stripTrailingZeros().scale() > MAX_SCALE)) {
            throw new Invalid(field, "has more than " + MAX_SCALE + " decimals");
        }
    }

    private static void text(String field, JsonNode value, int max) {
        if (!value.isTextual()) {
            throw new Invalid(field, "must be a text, got " + describe(value));
        }
        String s = value.textValue();
        if (s.length() > max) {
            throw new Invalid(field, "is longer than " + max + " characters");
        }
        if (s.indexOf('\0') >= 0) {
            throw new Invalid(field, "must not contain the NUL character");
        }
    }

    /** Any JSON, with numbers within decimal bounds (ids up to 20 digits allowed), texts bounded and NUL-free. */
    private static void bounded(String field, JsonNode value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new Invalid(field, "is nested too deeply");
        }
        if (value.isNumber()) {
            BigDecimal d = (value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue()) ? null : value.decimalValue();
            if (d == null || d.signum() != 0 && ((long) d.precision() - d.scale() > 20 || d.scale() > MAX_SCALE + 40)) {
                throw new Invalid(field, "holds a number out of range");
            }
        } else if (value.isTextual()) {
            text(field, value, MAX_FREE_TEXT);
        } else if (value.isContainerNode()) {
            if (value.size() > MAX_LIST) {
                throw new Invalid(field, "has more than " + MAX_LIST + " entries");
            }
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (e.getKey().indexOf('\0') >= 0) {
                    throw new Invalid(field, "must not contain the NUL character");
                }
                bounded(field, e.getValue(), depth + 1);
            }
            if (value.isArray()) {
                for (JsonNode v : value) {
                    bounded(field, v, depth + 1);
                }
            }
        }
    }

    /**
     * Numbers anywhere in a request body stay within what any field could hold (at most 20 integer digits, as the
     * platforms' ids, and bounded decimals), checked before anything reads them; {@code path} names the place.
     */
    public static void checkNumbers(String path, JsonNode value) {
        if (value.isNumber()) {
            BigDecimal d = (value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue()) ? null : value.decimalValue();
            if (d == null || d.signum() != 0 && ((long) d.precision() - d.scale() > 20 || d.scale() > MAX_SCALE + 40)) {
                throw new Invalid(path, "is a number out of range");
            }
        } else if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                checkNumbers(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue());
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                checkNumbers(path + "[" + i + "]", value.get(i));
            }
        }
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "a text";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.isObject() ? "an object" : value.getNodeType().toString().toLowerCase();
    }
}
