package io.sealcloud.clusters.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sealcloud.clusters.domain.Cluster;
import io.sealcloud.clusters.operator.crd.v1alpha1.KubeCluster;
import io.sealcloud.clusters.operator.crd.v1alpha1.KubeClusterSpec;
import io.sealcloud.clusters.operator.crd.v1alpha1.NodePoolSpec;
import io.sealcloud.clusters.operator.model.EngineLabels;
import io.sealcloud.clusters.service.ClusterResources;
import io.sealcloud.platform.operator.Applier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Carries a cluster's intent from the database to its KubeCluster (server-side apply of the spec only). */
@ApplicationScoped
public class KubeClusterWriter implements ClusterResources {

    private final KubernetesClient client;
    private final Applier applier;

    public KubeClusterWriter(KubernetesClient client, Applier applier) {
        this.client = client;
        this.applier = applier;
    }

    @Override
    public void apply(Cluster intent) {
        applier.apply(of(intent));
    }

    @Override
    public void delete(Cluster cluster) {
        client.resources(KubeCluster.class)
                .inNamespace(cluster.namespace())
                .withName(cluster.name())
                .delete();
    }

    static KubeCluster of(Cluster intent) {
        KubeCluster kc = new KubeCluster();
        kc.setMetadata(new ObjectMetaBuilder()
                .withName(intent.name())
                .withNamespace(intent.namespace())
                .withLabels(Map.of(
                        EngineLabels.MANAGED_BY, EngineLabels.MANAGER, EngineLabels.WORKSPACE, intent.workspaceId()))
                .build());
        KubeClusterSpec spec = new KubeClusterSpec();
        spec.setWorkspaceId(intent.workspaceId());
        spec.setProvider(intent.provider().wireName());
        spec.setKubernetesVersion(intent.kubernetesVersion());
        spec.setNodePools(intent.nodePools().stream()
                .map(p -> new NodePoolSpec(p.name(), p.flavor(), p.replicas()))
                .toList());
        spec.setHibernated(intent.hibernated());
        spec.setIntentGeneration(intent.generation());
        kc.setSpec(spec);
        return kc;
    }
}
