package io.sealcloud.archfixture.good.api;

import io.sealcloud.archfixture.good.service.ThingService;
import io.sealcloud.platform.Shared;

/** Fixture: a resource that calls the service (and may use platform code). */
public class ThingResource {
    private final ThingService service = new ThingService();

    public String get(String name) {
        return service.get(name).name() + Shared.NAME;
    }
}
