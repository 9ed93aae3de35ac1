package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.PageOf;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: {@code page} counts from 0, {@code size} is the page size asked for, {@code total} the number
 * of items in all pages.
 */
public record PageView<T>(List<T> items, int page, int size, long total) {

    static <D, T> PageView<T> of(PageOf<D> page, Function<D, T> mapper) {
        return new PageView<>(page.items().stream().map(mapper).toList(), page.page(), page.size(), page.total());
    }
}
