package io.sealcloud.clusters.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What ops offers ({@code sealcloud.clusters.*}): providers, Kubernetes versions, node flavors with their price, the
 * limits per workspace, and how each engine is driven. Defaults are production-safe.
 */
@ConfigMapping(prefix = "sealcloud.clusters")
public interface ClustersConfig {

    /** The providers tenants may choose ({@code virtual}, {@code capi}). */
    @WithDefault("virtual,capi")
    List<String> providers();

    /** Offered Kubernetes versions, {@code major.minor.patch}; an upgrade moves at most one minor version. */
    @WithDefault("1.30.8,1.31.4,1.32.1")
    List<String> versions();

    /** Node flavors by name. */
    Map<String, FlavorConfig> flavors();

    Limits limits();

    /** How often the controller looks at an engine that is still working (Cluster API objects are not watched). */
    @WithDefault("2s")
    Duration enginePoll();

    Virtual virtual();

    Capi capi();

    /** A node flavor: what one node of a pool has, and what it costs. */
    interface FlavorConfig {
        /** CPU cores per node. */
        int cpu();

        /** Memory per node, a Kubernetes quantity (e.g. {@code 4Gi}). */
        String memory();

        /** Price of one node for one hour, in micro-units (metering charges it; shown to tenants). */
        long priceMicrosPerNodeHour();
    }

    /** Quotas per workspace. */
    interface Limits {
        /** Clusters a workspace may have, including those being deleted. */
        @WithDefault("3")
        int clustersPerWorkspace();

        /** Nodes (sum of every pool's replicas, over every cluster) a workspace may have. */
        @WithDefault("20")
        int nodesPerWorkspace();

        /** Node pools per cluster. */
        @WithDefault("5")
        int poolsPerCluster();
    }

    /** The {@code virtual} provider (vCluster's model): a control plane StatefulSet in the workspace namespace. */
    interface Virtual {
        /** The control plane image (syncer + distro). */
        @WithDefault("ghcr.io/loft-sh/vcluster-oss:0.26.0")
        String image();

        /** The Kubernetes API server image; {@code {version}} becomes the cluster's version. */
        @WithDefault("registry.k8s.io/kube-apiserver:v{version}")
        String apiServerImage();

        /** The ClusterRole (deploy/base/clusters) bound to each virtual cluster's ServiceAccount in its namespace. */
        @WithDefault("sealcloud-vcluster")
        String syncerClusterRole();

        @WithDefault("200m")
        String cpuRequest();

        @WithDefault("256Mi")
        String memoryRequest();

        @WithDefault("1")
        String cpuLimit();

        @WithDefault("1Gi")
        String memoryLimit();

        /** The control plane's data volume. */
        @WithDefault("5Gi")
        String storage();
    }

    /** The {@code capi} provider: Cluster API objects in a management namespace tenants cannot write. */
    interface Capi {
        @WithDefault("sealcloud-clusters")
        String namespace();

        /** {@code kamaji} (hosted control plane, KamajiControlPlane) or {@code kubeadm} (KubeadmControlPlane). */
        @WithDefault("kamaji")
        String controlPlane();

        /** Control plane replicas while awake. */
        @WithDefault("2")
        int controlPlaneReplicas();

        /** Kamaji's DataStore for the tenant control planes. */
        @WithDefault("default")
        String kamajiDataStore();

        @WithDefault("192.168.0.0/16")
        String podCidr();

        @WithDefault("10.128.0.0/12")
        String serviceCidr();
    }
}
