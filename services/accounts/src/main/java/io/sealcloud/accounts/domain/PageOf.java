package io.sealcloud.accounts.domain;

import java.util.List;
import java.util.function.Function;

/** One page of a list: the items, the page number (from 0), the page size and the total count. */
public record PageOf<T>(List<T> items, int page, int size, long total) {

    public <R> PageOf<R> map(Function<T, R> mapper) {
        return new PageOf<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
