package io.sealcloud.contracts.clusters;

import io.sealcloud.contracts.EventType;
import java.util.List;

/** The events the clusters service publishes on {@value #TOPIC}, all keyed by workspace id (docs/events.md). */
public final class ClustersEvents {

    public static final String TOPIC = "sealcloud.clusters.v1";

    public static final EventType<ClusterProvisioningV1> CLUSTER_PROVISIONING = EventType.of(
            "io.sealcloud.clusters.cluster.provisioning.v1",
            TOPIC,
            "clusters/cluster.provisioning.v1.json",
            ClusterProvisioningV1.class);

    public static final EventType<ClusterReadyV1> CLUSTER_READY = EventType.of(
            "io.sealcloud.clusters.cluster.ready.v1", TOPIC, "clusters/cluster.ready.v1.json", ClusterReadyV1.class);

    public static final EventType<ClusterScaledV1> CLUSTER_SCALED = EventType.of(
            "io.sealcloud.clusters.cluster.scaled.v1", TOPIC, "clusters/cluster.scaled.v1.json", ClusterScaledV1.class);

    public static final EventType<ClusterUpgradedV1> CLUSTER_UPGRADED = EventType.of(
            "io.sealcloud.clusters.cluster.upgraded.v1",
            TOPIC,
            "clusters/cluster.upgraded.v1.json",
            ClusterUpgradedV1.class);

    public static final EventType<ClusterHibernatedV1> CLUSTER_HIBERNATED = EventType.of(
            "io.sealcloud.clusters.cluster.hibernated.v1",
            TOPIC,
            "clusters/cluster.hibernated.v1.json",
            ClusterHibernatedV1.class);

    public static final EventType<ClusterDeletedV1> CLUSTER_DELETED = EventType.of(
            "io.sealcloud.clusters.cluster.deleted.v1",
            TOPIC,
            "clusters/cluster.deleted.v1.json",
            ClusterDeletedV1.class);

    /** Every type above, for registries and the conformance test. */
    public static final List<EventType<?>> ALL = List.of(
            CLUSTER_PROVISIONING, CLUSTER_READY, CLUSTER_SCALED, CLUSTER_UPGRADED, CLUSTER_HIBERNATED, CLUSTER_DELETED);

    private ClustersEvents() {}
}
