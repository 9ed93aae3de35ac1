package io.sealcloud.accounts.api;

import java.util.List;

/**
 * One page of a list, newest first. {@code nextCursor} is opaque: pass it as {@code cursor} to get the next page; it is
 * absent on the last page.
 */
public record Paged<T>(List<T> items, String nextCursor) {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    /** The same page with every item converted. */
    <R> Paged<R> map(java.util.function.Function<T, R> convert) {
        return new Paged<>(items.stream().map(convert).toList(), nextCursor);
    }

    /** A page from {@code limit + 1} fetched rows: the extra row only tells that there is more. */
    static <T> Paged<T> of(List<T> fetched, int limit, java.util.function.Function<T, String> cursorOf) {
        if (fetched.size() <= limit) {
            return new Paged<>(fetched, null);
        }
        List<T> page = fetched.subList(0, limit);
        return new Paged<>(List.copyOf(page), cursorOf.apply(page.get(limit - 1)));
    }
}
