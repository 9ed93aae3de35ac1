package io.sealcloud.clusters.operator.model;

import io.sealcloud.clusters.operator.crd.v1alpha1.KubeCluster;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels every object the controller writes for an engine carries (docs/architecture.md, "Controllers"). */
public final class EngineLabels {

    /** The cluster an engine object belongs to (its KubeCluster's name). */
    public static final String CLUSTER = "clusters.sealcloud.io/cluster";

    public static final String WORKSPACE = "sealcloud.io/workspace";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "sealcloud-clusters";

    /** Cluster API's own label: every object of a CAPI cluster, Machines included, carries it. */
    public static final String CAPI_CLUSTER_NAME = "cluster.x-k8s.io/cluster-name";

    private EngineLabels() {}

    public static Map<String, String> of(KubeCluster kc) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(WORKSPACE, kc.getSpec().getWorkspaceId());
        labels.put(CLUSTER, kc.getMetadata().getName());
        return labels;
    }
}
