package io.sealcloud.archfixture.bad.service;

import io.sealcloud.archfixture.bad.operator.model.Reconciles;
import io.sealcloud.archfixture.other.OtherService;

/** Fixture: a service that imports the operator layer and another service (both wrong). */
public class BadService {
    Reconciles reconciles;

    String other() {
        return OtherService.name();
    }
}
