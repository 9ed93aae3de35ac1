package io.sealcloud.accounts.repository;

/**
 * Where a page starts, computed in {@code long}: {@code page * size} overflows an {@code int} for a large page number
 * (page 2^30 of 2), which used to reach the database as a negative offset (a 500). A page past what an {@code int}
 * offset can reach starts at the largest one, past the end of every list here: it is empty.
 */
final class PageOffsets {

    private PageOffsets() {}

    /** The first row (0-based) of page {@code page} of {@code size} rows, at most {@link Integer#MAX_VALUE}. */
    static int firstRow(int page, int size) {
        return (int) Math.min((long) page * size, Integer.MAX_VALUE);
    }

    /** The last row of that page (inclusive), at most {@link Integer#MAX_VALUE}. */
    static int lastRow(int page, int size) {
        return (int) Math.min((long) firstRow(page, size) + size - 1, Integer.MAX_VALUE);
    }
}
