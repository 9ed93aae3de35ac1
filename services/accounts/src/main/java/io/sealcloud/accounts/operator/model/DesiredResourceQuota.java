package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceQuota;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The workspace's ResourceQuota: the configured defaults with the Workspace's {@code spec.quota} overrides applied.
 * CPU and memory are capped on limits, which the LimitRange defaults fill in for containers that set none. A
 * suspended workspace gets every value zero.
 */
public final class DesiredResourceQuota {

    public static final String NAME = "workspace-quota";

    private DesiredResourceQuota() {}

    public static ResourceQuota of(Workspace workspace, QuotaDefaults defaults) {
        WorkspaceQuota overrides = workspace.getSpec().getQuota() == null
                ? new WorkspaceQuota()
                : workspace.getSpec().getQuota();
        Map<String, Quantity> hard = new LinkedHashMap<>();
        hard.put("limits.cpu", orDefault(overrides.getCpu(), defaults.cpu()));
        hard.put("limits.memory", orDefault(overrides.getMemory(), defaults.memory()));
        hard.put("requests.storage", orDefault(overrides.getStorage(), defaults.storage()));
        hard.put("pods", count(overrides.getPods(), defaults.pods()));
        hard.put("services.nodeports", count(overrides.getNodePorts(), defaults.nodePorts()));
        if (workspace.getSpec().suspensionRequested()) {
            // Suspended: nothing new may start (a user scaling a workload back up gets no pods), existing objects stay.
            hard.replaceAll((name, value) -> new Quantity("0"));
        }
        return new ResourceQuotaBuilder()
                .withMetadata(WorkspaceObjects.childMeta(workspace, NAME))
                .withNewSpec()
                .withHard(hard)
                .endSpec()
                .build();
    }

    private static Quantity orDefault(Quantity override, Quantity fallback) {
        return override != null ? override : fallback;
    }

    private static Quantity count(Integer override, int fallback) {
        return new Quantity(Integer.toString(override != null ? override : fallback));
    }
}
