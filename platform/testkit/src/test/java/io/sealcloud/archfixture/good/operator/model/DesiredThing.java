package io.sealcloud.archfixture.good.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.sealcloud.archfixture.good.domain.Thing;

/** Fixture: pure desired state (Kubernetes model types are fine, clients are not). */
public final class DesiredThing {
    private DesiredThing() {}

    public static ConfigMap of(Thing thing) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(thing.name())
                .endMetadata()
                .build();
    }
}
