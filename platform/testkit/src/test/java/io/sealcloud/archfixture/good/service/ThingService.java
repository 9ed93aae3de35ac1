package io.sealcloud.archfixture.good.service;

import io.sealcloud.archfixture.good.domain.Thing;
import io.sealcloud.archfixture.good.repository.ThingRepository;

/** Fixture: a service over its repository. */
public class ThingService {
    private final ThingRepository repository = new ThingRepository();

    public Thing get(String name) {
        return repository.find(name);
    }
}
