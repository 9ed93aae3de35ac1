package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.LimitRangeItemBuilder;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import java.util.Map;

/**
 * The workspace's LimitRange: defaults for containers that set no requests or limits, so pods are admitted under a
 * quota that caps limits.
 */
public final class DesiredLimitRange {

    public static final String NAME = "workspace-limits";

    private DesiredLimitRange() {}

    public static LimitRange of(Workspace workspace, LimitDefaults defaults) {
        return new LimitRangeBuilder()
                .withMetadata(WorkspaceObjects.childMeta(workspace, NAME))
                .withNewSpec()
                .withLimits(new LimitRangeItemBuilder()
                        .withType("Container")
                        .withDefaultRequest(
                                Map.of("cpu", defaults.defaultRequestCpu(), "memory", defaults.defaultRequestMemory()))
                        .withDefault(Map.of("cpu", defaults.defaultLimitCpu(), "memory", defaults.defaultLimitMemory()))
                        .build())
                .endSpec()
                .build();
    }
}
