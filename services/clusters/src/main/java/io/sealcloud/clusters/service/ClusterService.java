package io.sealcloud.clusters.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.sealcloud.clusters.domain.Cluster;
import io.sealcloud.clusters.domain.ClusterCatalog;
import io.sealcloud.clusters.domain.ClusterObservation;
import io.sealcloud.clusters.domain.ClusterPage;
import io.sealcloud.clusters.domain.ClusterRuleException;
import io.sealcloud.clusters.domain.NodePool;
import io.sealcloud.clusters.domain.Provider;
import io.sealcloud.clusters.domain.WorkspaceAccess;
import io.sealcloud.clusters.repository.ClusterRepository;
import io.sealcloud.contracts.clusters.ClusterDeletedV1;
import io.sealcloud.contracts.clusters.ClusterHibernatedV1;
import io.sealcloud.contracts.clusters.ClusterNodePool;
import io.sealcloud.contracts.clusters.ClusterProvisioningV1;
import io.sealcloud.contracts.clusters.ClusterReadyV1;
import io.sealcloud.contracts.clusters.ClusterScaledV1;
import io.sealcloud.contracts.clusters.ClusterUpgradedV1;
import io.sealcloud.contracts.clusters.ClustersEvents;
import io.sealcloud.platform.outbox.Outbox;
import io.sealcloud.platform.problem.ProblemException;
import io.sealcloud.platform.tenancy.TenancyProjection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A cluster's life: create, scale, upgrade, hibernate, wake and delete (from the API), what the controller observes
 * (ready, gone) and the workspace's suspension (from accounts' events). Each change writes the intent, its event through
 * the outbox and then the KubeCluster, all in one transaction: a failed write to Kubernetes rolls the change back.
 */
@ApplicationScoped
public class ClusterService {

    /** What a create asks for. */
    public record CreateCommand(String name, String provider, String kubernetesVersion, List<NodePool> nodePools) {}

    /** One change: a pool's replicas, a version, or hibernation (exactly one is set). */
    public record ChangeCommand(String pool, Integer replicas, String kubernetesVersion, Boolean hibernated) {}

    private static final Logger LOG = Logger.getLogger(ClusterService.class);

    private final ClusterRepository clusters;
    private final TenancyProjection workspaces;
    private final ClusterCatalog catalog;
    private final ClusterResources resources;
    private final Outbox outbox;
    private final Clock clock;

    public ClusterService(
            ClusterRepository clusters,
            TenancyProjection workspaces,
            ClusterCatalog catalog,
            ClusterResources resources,
            Outbox outbox,
            Clock clock) {
        this.clusters = clusters;
        this.workspaces = workspaces;
        this.catalog = catalog;
        this.resources = resources;
        this.outbox = outbox;
        this.clock = clock;
    }

    public ClusterCatalog catalog() {
        return catalog;
    }

    // ---- access and reads ------------------------------------------------------------------------------------------

    /** The workspace as the user sees it; 404 when it does not exist or the user is not a member (no existence leak). */
    @WithSession
    public Uni<WorkspaceAccess> access(String workspaceId, String userId) {
        return workspaces
                .membership(workspaceId, userId)
                .map(found -> found.map(m -> new WorkspaceAccess(
                                m.workspaceId(), m.namespace(), m.role(), m.suspended(), m.suspensionReasons()))
                        .orElseThrow(() -> ProblemException.notFound("Workspace", workspaceId)));
    }

    @WithSession
    public Uni<ClusterPage> list(WorkspaceAccess ws, int page, int size) {
        return clusters.page(ws.id(), page, size);
    }

    @WithSession
    public Uni<Cluster> get(WorkspaceAccess ws, String name) {
        return clusters.find(ws.id(), name).map(found -> found.orElseThrow(() -> notFound(name)));
    }

    // ---- create ----------------------------------------------------------------------------------------------------

    @WithTransaction
    public Uni<Cluster> create(WorkspaceAccess ws, String actor, CreateCommand cmd) {
        return Uni.createFrom().deferred(() -> {
            requireManager(ws);
            requireActive(ws);
            Provider provider = Provider.find(cmd.provider());
            List<NodePool> pools = cmd.nodePools() == null ? List.of() : cmd.nodePools();
            rules(() -> catalog.checkCreate(provider, cmd.kubernetesVersion(), pools));
            int nodes = pools.stream().mapToInt(NodePool::replicas).sum();
            return clusters.lockWorkspace(ws.id())
                    .chain(() -> clusters.find(ws.id(), cmd.name()))
                    .chain(existing -> {
                        if (existing.isPresent()) {
                            throw ClusterProblems.exists(cmd.name());
                        }
                        return clusters.usage(ws.id());
                    })
                    .chain(usage -> {
                        rules(() -> catalog.checkLimits((int) usage[0] + 1, (int) usage[1] + nodes));
                        Instant now = clock.instant();
                        Cluster cluster = new Cluster(
                                ws.id(),
                                ws.namespace(),
                                cmd.name(),
                                provider,
                                cmd.kubernetesVersion(),
                                pools,
                                null,
                                1,
                                0,
                                actor,
                                now,
                                now,
                                null,
                                null,
                                new ClusterObservation(0, "Provisioning", false, null, null, List.of()));
                        return clusters.insert(cluster)
                                .chain(() -> outbox.append(
                                        ClustersEvents.CLUSTER_PROVISIONING,
                                        ws.id(),
                                        subject(cluster),
                                        new ClusterProvisioningV1(
                                                ws.id(),
                                                cluster.name(),
                                                provider.wireName(),
                                                cluster.kubernetesVersion(),
                                                pools(cluster.nodePools()),
                                                actor,
                                                now)))
                                .chain(() -> Blocking.call(() -> {
                                    resources.apply(cluster);
                                    return cluster;
                                }));
                    });
        });
    }

    // ---- change ----------------------------------------------------------------------------------------------------

    /** Scales a pool, upgrades the version, hibernates or wakes: one change per call, each with its event. */
    @WithTransaction
    public Uni<Cluster> change(WorkspaceAccess ws, String actor, String name, ChangeCommand cmd) {
        return Uni.createFrom().deferred(() -> {
            requireManager(ws);
            return clusters.findForUpdate(ws.id(), name).chain(found -> {
                Cluster current = found.orElseThrow(() -> notFound(name));
                if (current.deleting()) {
                    throw ClusterProblems.deleting(name);
                }
                Instant now = clock.instant();
                if (cmd.hibernated() != null) {
                    return hibernation(ws, current, cmd.hibernated(), "user", now);
                }
                requireActive(ws);
                if (cmd.kubernetesVersion() != null) {
                    return upgrade(ws, actor, current, cmd.kubernetesVersion(), now);
                }
                return scale(ws, actor, current, cmd.pool(), cmd.replicas(), now);
            });
        });
    }

    private Uni<Cluster> scale(
            WorkspaceAccess ws, String actor, Cluster current, String pool, int replicas, Instant now) {
        NodePool before = current.nodePools().stream()
                .filter(p -> p.name().equals(pool))
                .findFirst()
                .orElseThrow(() -> ClusterProblems.of(new ClusterRuleException(
                        ClusterRuleException.Kind.INVALID,
                        "invalid-request",
                        "/nodePools/0/name",
                        "is not a pool of cluster " + current.name() + " (it has "
                                + current.nodePools().stream()
                                        .map(NodePool::name)
                                        .toList() + ")")));
        if (before.replicas() == replicas) {
            throw ProblemException.conflict("no-changes", "Pool " + pool + " already has " + replicas + " nodes.");
        }
        List<NodePool> pools = new ArrayList<>();
        current.nodePools().forEach(p -> pools.add(p.name().equals(pool) ? p.withReplicas(replicas) : p));
        return clusters.usage(ws.id()).chain(usage -> {
            rules(() -> catalog.checkLimits((int) usage[0], (int) usage[1] - before.replicas() + replicas));
            Cluster next = changed(current, current.kubernetesVersion(), pools, current.hibernation(), now);
            return save(
                    next,
                    outbox.append(
                            ClustersEvents.CLUSTER_SCALED,
                            ws.id(),
                            subject(next),
                            new ClusterScaledV1(
                                    ws.id(),
                                    next.name(),
                                    next.provider().wireName(),
                                    pool,
                                    before.replicas(),
                                    replicas,
                                    pools(pools),
                                    actor,
                                    now)));
        });
    }

    private Uni<Cluster> upgrade(WorkspaceAccess ws, String actor, Cluster current, String target, Instant now) {
        rules(() -> catalog.checkUpgrade(current.kubernetesVersion(), target));
        if (current.hibernated()) {
            throw ClusterProblems.hibernated(current.name());
        }
        Cluster next = changed(current, target, current.nodePools(), current.hibernation(), now);
        return save(
                next,
                outbox.append(
                        ClustersEvents.CLUSTER_UPGRADED,
                        ws.id(),
                        subject(next),
                        new ClusterUpgradedV1(
                                ws.id(),
                                next.name(),
                                next.provider().wireName(),
                                current.kubernetesVersion(),
                                target,
                                actor,
                                now)));
    }

    private Uni<Cluster> hibernation(WorkspaceAccess ws, Cluster current, boolean sleep, String reason, Instant now) {
        if (sleep == current.hibernated()) {
            throw ProblemException.conflict(
                    "no-changes", "Cluster " + current.name() + " is already " + (sleep ? "hibernated." : "awake."));
        }
        if (!sleep && ws.suspended()) {
            throw ClusterProblems.suspended(ws.id(), ws.suspensionReasons());
        }
        Cluster next = changed(current, current.kubernetesVersion(), current.nodePools(), sleep ? reason : null, now);
        // Waking publishes cluster.ready once the engine runs again (the controller observes it).
        Uni<Void> event =
                sleep ? hibernatedEvent(next, reason, now) : Uni.createFrom().voidItem();
        return save(next, event);
    }

    private Uni<Void> hibernatedEvent(Cluster next, String reason, Instant now) {
        return outbox.append(
                ClustersEvents.CLUSTER_HIBERNATED,
                next.workspaceId(),
                subject(next),
                new ClusterHibernatedV1(
                        next.workspaceId(),
                        next.name(),
                        next.provider().wireName(),
                        reason,
                        pools(next.nodePools()),
                        now));
    }

    private Uni<Cluster> save(Cluster next, Uni<Void> event) {
        return clusters.updateIntent(next)
                .chain(() -> event)
                .chain(() -> Blocking.call(() -> {
                    resources.apply(next);
                    return next;
                }));
    }

    // ---- delete ----------------------------------------------------------------------------------------------------

    /** Marks the cluster deleting and deletes its KubeCluster; {@code cluster.deleted} follows when all is gone. */
    @WithTransaction
    public Uni<Cluster> delete(WorkspaceAccess ws, String actor, String name) {
        return Uni.createFrom().deferred(() -> {
            requireManager(ws);
            return clusters.findForUpdate(ws.id(), name).chain(found -> {
                Cluster current = found.orElseThrow(() -> notFound(name));
                Instant now = clock.instant();
                return clusters.markDeleting(ws.id(), name, actor, now)
                        .chain(() -> Blocking.call(() -> {
                            resources.delete(current);
                            return current;
                        }))
                        .chain(() -> clusters.find(ws.id(), name))
                        .map(Optional::orElseThrow);
            });
        });
    }

    // ---- from the controller ---------------------------------------------------------------------------------------

    /** The intent of a cluster (null when the database has none: deleted, or never created through the API). */
    @WithSession
    public Uni<Cluster> intent(String workspaceId, String name) {
        return clusters.find(workspaceId, name).map(found -> found.orElse(null));
    }

    /**
     * Stores what the controller observed and publishes {@code cluster.ready} once per generation that is ready and
     * awake (an observation of an older generation changes nothing).
     */
    @WithTransaction
    public Uni<Void> observed(String workspaceId, String name, ClusterObservation observation) {
        return clusters.find(workspaceId, name).chain(found -> {
            if (found.isEmpty() || found.get().generation() > observation.generation()) {
                return Uni.createFrom().voidItem();
            }
            Cluster c = found.get();
            return clusters.observe(workspaceId, name, observation).chain(() -> {
                if (!observation.ready() || c.hibernated() || c.deleting()) {
                    return Uni.createFrom().voidItem();
                }
                return clusters.markReady(workspaceId, name, observation.generation())
                        .chain(first -> !first
                                ? Uni.createFrom().voidItem()
                                : outbox.append(
                                        ClustersEvents.CLUSTER_READY,
                                        workspaceId,
                                        subject(c),
                                        new ClusterReadyV1(
                                                workspaceId,
                                                name,
                                                c.provider().wireName(),
                                                observation.version() == null
                                                        ? c.kubernetesVersion()
                                                        : observation.version(),
                                                pools(c.nodePools()),
                                                observation.generation(),
                                                clock.instant())));
            });
        });
    }

    /** Every object of the engine is gone: the cluster is deleted, {@code cluster.deleted} published (once). */
    @WithTransaction
    public Uni<Void> deleted(String workspaceId, String name, String provider) {
        return clusters.findForUpdate(workspaceId, name).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Cluster c = found.get();
            return clusters.delete(workspaceId, name)
                    .chain(() -> outbox.append(
                            ClustersEvents.CLUSTER_DELETED,
                            workspaceId,
                            subject(c),
                            new ClusterDeletedV1(
                                    workspaceId,
                                    name,
                                    provider,
                                    c.deletedBy() == null ? c.createdBy() : c.deletedBy(),
                                    clock.instant())));
        });
    }

    // ---- from accounts' events -------------------------------------------------------------------------------------

    /**
     * A workspace's suspension changed (inside the inbox transaction): suspended → every awake cluster hibernates
     * (reason {@code suspension}); resumed → the clusters that hibernated for that reason wake, exactly as they were.
     * Clusters a user hibernated stay asleep.
     */
    public Uni<Void> suspensionChanged(String workspaceId) {
        // The state now stored, not the event's: an older event delivered late changed nothing in the projection.
        return clusters.suspended(workspaceId)
                .chain(suspended -> clusters.inWorkspace(workspaceId).chain(all -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    Instant now = clock.instant();
                    for (Cluster c : all) {
                        if (c.deleting()) {
                            continue;
                        }
                        if (suspended && !c.hibernated()) {
                            Cluster next = changed(c, c.kubernetesVersion(), c.nodePools(), "suspension", now);
                            chain = chain.chain(() -> save(next, hibernatedEvent(next, "suspension", now)))
                                    .invoke(() -> LOG.infof(
                                            "Hibernated cluster %s/%s: workspace suspended", workspaceId, c.name()))
                                    .replaceWithVoid();
                        } else if (!suspended && "suspension".equals(c.hibernation())) {
                            Cluster next = changed(c, c.kubernetesVersion(), c.nodePools(), null, now);
                            chain = chain.chain(
                                            () -> save(next, Uni.createFrom().voidItem()))
                                    .invoke(() ->
                                            LOG.infof("Waking cluster %s/%s: workspace resumed", workspaceId, c.name()))
                                    .replaceWithVoid();
                        }
                    }
                    return chain;
                }));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static Cluster changed(Cluster c, String version, List<NodePool> pools, String hibernation, Instant now) {
        return new Cluster(
                c.workspaceId(),
                c.namespace(),
                c.name(),
                c.provider(),
                version,
                pools,
                hibernation,
                c.generation() + 1,
                c.readyGeneration(),
                c.createdBy(),
                c.createdAt(),
                now,
                c.deleteRequestedAt(),
                c.deletedBy(),
                c.observed());
    }

    private static void requireManager(WorkspaceAccess ws) {
        if (!ws.mayManageClusters()) {
            throw ClusterProblems.forbidden();
        }
    }

    private static void requireActive(WorkspaceAccess ws) {
        if (ws.suspended()) {
            throw ClusterProblems.suspended(ws.id(), ws.suspensionReasons());
        }
    }

    private static void rules(Runnable check) {
        try {
            check.run();
        } catch (ClusterRuleException e) {
            throw ClusterProblems.of(e);
        }
    }

    private static ProblemException notFound(String name) {
        return ProblemException.notFound("Cluster", name);
    }

    private static List<ClusterNodePool> pools(List<NodePool> pools) {
        return pools.stream()
                .map(p -> new ClusterNodePool(p.name(), p.flavor(), p.replicas()))
                .toList();
    }

    private static String subject(Cluster c) {
        return c.workspaceId() + "/" + c.name();
    }
}
