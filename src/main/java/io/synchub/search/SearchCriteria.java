package io.synchub.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.synchub.canonical.CanonicalJson;

import java.util.List;
import java.util.Locale;

/**
 * What a product search selects on ({@code q}, {@code category}, {@code type}, {@code brand}; null when not asked),
 * decided twice in the same terms: as the SQL condition over the products table's columns, and in memory over one
 * product's state, so a committed change drops exactly the cached searches the product joins or leaves.
 * Each in-memory test is the substring the SQL {@code LIKE} looks for, over the text the column holds.
 */
record SearchCriteria(String q, String category, String type, String brand) {

    static SearchCriteria of(String q, String category, String type, String brand) {
        return new SearchCriteria(blankToNull(q == null ? null : q.trim().toLowerCase(Locale.ROOT)), blankToNull(category),
                blankToNull(type), blankToNull(brand));
    }

    /** The WHERE clause (starting with " WHERE"), its arguments appended to {@code args}. */
    String where(List<Object> args) {
        StringBuilder where = new StringBuilder(" WHERE deleted = FALSE");
        if (q != null) {
            where.append(" AND search_text LIKE ? ESCAPE '\\'");
            args.add("%" + like(q) + "%");
        }
        if (category != null) {
            where.append(" AND categories LIKE ? ESCAPE '\\'");
            args.add("%" + like(categoryToken()) + "%");
        }
        if (type != null) {
            where.append(" AND fields LIKE ? ESCAPE '\\'");
            args.add("%" + like(typeToken()) + "%");
        }
        if (brand != null) {
            where.append(" AND fields LIKE ? ESCAPE '\\'");
            args.add("%" + like(brandToken()) + "%");
        }
        return where.toString();
    }

    /** Whether the product in this state is selected (false for no state: not yet created). */
    boolean matches(Selectable product) {
        return product != null
                && (q == null || product.searchText().contains(q))
                && (category == null || product.categories() != null && product.categories().contains(categoryToken()))
                && (type == null || product.fieldsJson().contains(typeToken()))
                && (brand == null || product.fieldsJson().contains(brandToken()));
    }

    private String categoryToken() {
        return "|" + category + "|";
    }

    private String typeToken() {
        return "\"productType\":" + CanonicalJson.write(TextNode.valueOf(type));
    }

    private String brandToken() {
        return "\"vendor\":" + CanonicalJson.write(TextNode.valueOf(brand));
    }

    /**
     * One product's state as the products table holds it: {@code search_text} (lower-case name and sku),
     * {@code categories} ('|a|b|') and {@code fields} (the canonical JSON), computed as the store writes them.
     */
    record Selectable(String searchText, String categories, String fieldsJson) {

        static Selectable of(JsonNode fields) {
            if (fields == null || !fields.isObject()) {
                return null;
            }
            String text = (fields.path("name").asText("") + " " + fields.path("sku").asText("")).toLowerCase();
            JsonNode c = fields.get("categories");
            String categories = null;
            if (c != null && c.isArray() && !c.isEmpty()) {
                StringBuilder s = new StringBuilder("|");
                c.forEach(n -> s.append(n.asText()).append('|'));
                categories = truncate(s.toString());
            }
            return new Selectable(truncate(text), categories, CanonicalJson.write(fields));
        }

        private static String truncate(String s) {
            return s.length() <= 4000 ? s : s.substring(0, 4000);
        }
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String like(String v) {
        return v.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
