package io.sealcloud.clusters.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sealcloud.clusters.operator.crd.v1alpha1.KubeCluster;
import io.sealcloud.clusters.operator.crd.v1alpha1.KubeClusterSpec;
import io.sealcloud.clusters.operator.crd.v1alpha1.NodePoolSpec;
import java.util.List;
import java.util.Map;

/** KubeClusters and settings for the pure builders' tests. */
final class Fixtures {

    static final VirtualSettings VIRTUAL = new VirtualSettings(
            "ghcr.io/loft-sh/vcluster-oss:0.26.0",
            "registry.k8s.io/kube-apiserver:v{version}",
            "sealcloud-vcluster",
            "200m",
            "256Mi",
            "1",
            "1Gi",
            "5Gi");

    static CapiSettings capi(String controlPlane) {
        return new CapiSettings(
                "sealcloud-clusters",
                controlPlane,
                2,
                "default",
                "192.168.0.0/16",
                "10.128.0.0/12",
                Map.of("standard-2", new CapiSettings.Machine(2, "4Gi")));
    }

    private Fixtures() {}

    static KubeCluster cluster(String provider, boolean hibernated, NodePoolSpec... pools) {
        KubeCluster kc = new KubeCluster();
        kc.setMetadata(new ObjectMetaBuilder()
                .withName("dev")
                .withNamespace("ns-w1")
                .withUid("0f5e2c1a-1111-2222-3333-444455556666")
                .withGeneration(3L)
                .build());
        KubeClusterSpec spec = new KubeClusterSpec();
        spec.setWorkspaceId("w1");
        spec.setProvider(provider);
        spec.setKubernetesVersion("1.31.4");
        spec.setNodePools(List.of(pools));
        spec.setHibernated(hibernated);
        spec.setIntentGeneration(2L);
        kc.setSpec(spec);
        return kc;
    }
}
