package io.sealcloud.archfixture.good.repository;

import io.sealcloud.archfixture.good.domain.Thing;

/** Fixture: a repository that knows only the domain. */
public class ThingRepository {
    public Thing find(String name) {
        return new Thing(name);
    }
}
