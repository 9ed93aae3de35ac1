package io.sealcloud.clusters.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sealcloud.clusters.domain.Cluster;
import io.sealcloud.clusters.domain.ClusterCatalog;
import io.sealcloud.clusters.domain.ClusterCondition;
import io.sealcloud.clusters.domain.Flavor;
import io.sealcloud.clusters.domain.NodePool;
import io.sealcloud.clusters.domain.Provider;
import java.time.Instant;
import java.util.List;

/** Response bodies of the clusters API. */
public final class ClusterViews {

    private ClusterViews() {}

    /** One page of a list: {@code page} (from 0) of {@code size} items, {@code total} items in all. */
    public record Page<T>(List<T> items, int page, int size, long total) {}

    /** A node pool with what its flavor means. */
    public record PoolView(
            String name, String flavor, int replicas, int cpu, String memory, long priceMicrosPerNodeHour) {

        static PoolView of(NodePool pool, ClusterCatalog catalog) {
            Flavor f = catalog.flavors().get(pool.flavor());
            return f == null
                    ? new PoolView(pool.name(), pool.flavor(), pool.replicas(), 0, null, 0)
                    : new PoolView(
                            pool.name(),
                            pool.flavor(),
                            pool.replicas(),
                            f.cpu(),
                            f.memory(),
                            f.priceMicrosPerNodeHour());
        }
    }

    /** A condition as the controller reported it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConditionView(String type, String status, String reason, String message, Instant lastTransitionTime) {

        static ConditionView of(ClusterCondition c) {
            return new ConditionView(c.type(), c.status(), c.reason(), c.message(), c.lastTransitionTime());
        }
    }

    /**
     * A cluster: the intent (provider, version, pools, hibernation) and what its controller observed (phase, Ready,
     * conditions, the version the control plane runs, its endpoint). {@code nextVersion}: the version an upgrade may
     * go to now (none when the newest offered already runs).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClusterView(
            String name,
            String provider,
            String kubernetesVersion,
            String nextVersion,
            List<PoolView> nodePools,
            int nodes,
            boolean hibernated,
            String hibernationReason,
            String phase,
            boolean ready,
            String observedVersion,
            String endpoint,
            List<ConditionView> conditions,
            long generation,
            long observedGeneration,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            Instant deleteRequestedAt) {

        static ClusterView of(Cluster c, ClusterCatalog catalog) {
            return new ClusterView(
                    c.name(),
                    c.provider().wireName(),
                    c.kubernetesVersion(),
                    catalog.nextAllowed(c.kubernetesVersion()).orElse(null),
                    c.nodePools().stream().map(p -> PoolView.of(p, catalog)).toList(),
                    c.hibernated() ? 0 : c.nodes(),
                    c.hibernated(),
                    c.hibernation(),
                    c.observed().phase(),
                    c.observed().ready(),
                    c.observed().version(),
                    c.observed().endpoint(),
                    c.observed().conditions().stream().map(ConditionView::of).toList(),
                    c.generation(),
                    c.observed().generation(),
                    c.createdBy(),
                    c.createdAt(),
                    c.updatedAt(),
                    c.deleteRequestedAt());
        }
    }

    /** What the platform offers: providers, versions (oldest first), flavors and the limits per workspace. */
    public record Offer(
            List<String> providers,
            List<String> versions,
            List<Flavor> flavors,
            int clustersPerWorkspace,
            int nodesPerWorkspace,
            int poolsPerCluster) {

        static Offer of(ClusterCatalog catalog) {
            return new Offer(
                    catalog.providers().stream().map(Provider::wireName).toList(),
                    catalog.versionsAscending(),
                    catalog.flavors().values().stream()
                            .sorted((a, b) -> a.name().compareTo(b.name()))
                            .toList(),
                    catalog.limits().clustersPerWorkspace(),
                    catalog.limits().nodesPerWorkspace(),
                    catalog.limits().poolsPerCluster());
        }
    }
}
