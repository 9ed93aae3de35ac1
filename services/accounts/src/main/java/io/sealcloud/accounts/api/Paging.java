package io.sealcloud.accounts.api;

/** Paging defaults shared by every list endpoint ({@code ?page=0&size=20}, size at most 100). */
final class Paging {

    static final String DEFAULT_SIZE = "20";
    static final int MAX_SIZE = 100;

    private Paging() {}
}
