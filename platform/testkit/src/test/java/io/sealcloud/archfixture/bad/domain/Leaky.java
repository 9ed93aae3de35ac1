package io.sealcloud.archfixture.bad.domain;

import io.sealcloud.archfixture.bad.repository.Store;

/** Fixture: a domain type that knows a repository (wrong). */
public class Leaky {
    Store store;
}
