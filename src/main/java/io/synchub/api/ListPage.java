package io.synchub.api;

import java.util.List;

/** The list envelope of the API: {@code {"items":[…],"total":N,"limit":L,"offset":O}}. */
public record ListPage<T>(List<T> items, long total, int limit, int offset) {
}
