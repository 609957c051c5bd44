package io.synchub.api;

/** {@code limit}/{@code offset} of a list request: limit 1..500 (default 50), offset ≥ 0. */
public record Paging(int limit, int offset) {

    public static final int MAX_LIMIT = 500;

    public static Paging of(String limit, String offset) {
        return new Paging(parse("limit", limit, 50, 1, MAX_LIMIT), parse("offset", offset, 0, 0, Integer.MAX_VALUE));
    }

    static int parse(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) {
                throw ApiException.badRequest("'" + name + "' must be between " + min + " and " + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a whole number, got '" + value + "'");
        }
    }

    public static long id(String name, String value) {
        try {
            return Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a numeric id, got '" + value + "'");
        }
    }
}
