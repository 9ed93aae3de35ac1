package io.sealcloud.accounts.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.scheduler.Scheduled;
import io.sealcloud.accounts.domain.WorkspaceInfo;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.model.DesiredWorkspace;
import io.sealcloud.accounts.service.WorkspaceService;
import io.sealcloud.platform.operator.Applier;
import io.sealcloud.platform.operator.LeaderElection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps a Workspace resource for every workspace in the database (the source of truth for its spec). Written right
 * after the commit that created the workspace, and again by a level-triggered sync that heals a crash between that
 * commit and the write, a deleted resource, or a spec edited by hand.
 */
@ApplicationScoped
public class WorkspaceResources {

    private static final Logger LOG = Logger.getLogger(WorkspaceResources.class);

    private final KubernetesClient client;
    private final Applier applier;
    private final Instance<WorkspaceService> workspaces;
    private final Instance<LeaderElection> election;

    // WorkspaceService depends on this bean: take it lazily to keep the dependency graph acyclic at injection.
    public WorkspaceResources(
            KubernetesClient client,
            Applier applier,
            Instance<WorkspaceService> workspaces,
            Instance<LeaderElection> election) {
        this.client = client;
        this.applier = applier;
        this.workspaces = workspaces;
        this.election = election;
    }

    /**
     * Writes the Workspace resource of one workspace off the event loop (the Kubernetes client blocks) and continues
     * on the caller's Vert.x context. Never fails: an error is logged and left to the sync.
     */
    public Uni<Void> ensure(WorkspaceInfo workspace) {
        Context context = Vertx.currentContext();
        Uni<Void> write = Uni.createFrom()
                .item(() -> {
                    Workspace live = client.resources(Workspace.class)
                            .withName(workspace.id())
                            .get();
                    write(workspace, live);
                    return null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf(
                            "Could not write Workspace %s (the sync will retry): %s",
                            workspace.id(), failure.getMessage());
                    return null;
                })
                .replaceWithVoid();
        return context == null ? write : write.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /**
     * The level-triggered sync: every database workspace gets its resource, with the spec the database says. Runs on
     * the leader only (all replicas would write the same, but one is enough).
     */
    @Scheduled(
            identity = "sealcloud-accounts-workspace-sync",
            every = "${sealcloud.accounts.sync.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> syncOnSchedule() {
        if (!election.isResolvable() || !election.get().isLeader()) {
            return Uni.createFrom().voidItem();
        }
        return sync().onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("Workspace sync failed, next run retries: %s", failure.getMessage());
                    return 0;
                })
                .replaceWithVoid();
    }

    /** Writes every missing or outdated Workspace resource; returns how many it wrote. */
    public Uni<Integer> sync() {
        return workspaces
                .get()
                .all()
                .chain(all -> Uni.createFrom()
                        .item(() -> writeAll(all))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    private int writeAll(List<WorkspaceInfo> all) {
        Map<String, Workspace> live = client.resources(Workspace.class).list().getItems().stream()
                .collect(Collectors.toMap(w -> w.getMetadata().getName(), Function.identity()));
        int written = 0;
        for (WorkspaceInfo workspace : all) {
            try {
                if (write(workspace, live.get(workspace.id()))) {
                    written++;
                }
            } catch (RuntimeException e) {
                LOG.warnf("Could not write Workspace %s: %s", workspace.id(), e.getMessage());
            }
        }
        if (written > 0) {
            LOG.infof("Workspace sync wrote %d of %d Workspace resources", written, all.size());
        }
        return written;
    }

    /** Applies the desired resource unless the live one already matches; true when it wrote. */
    private boolean write(WorkspaceInfo workspace, Workspace live) {
        Workspace desired = DesiredWorkspace.of(workspace);
        if (live != null && live.getSpec() != null) {
            // Quota overrides are set on the resource by operators, not kept in the database: carry them over.
            desired.getSpec().setQuota(live.getSpec().getQuota());
            if (sameSpec(desired, live)
                    && live.getMetadata().getLabels() != null
                    && live.getMetadata()
                            .getLabels()
                            .entrySet()
                            .containsAll(desired.getMetadata().getLabels().entrySet())) {
                return false;
            }
        }
        applier.apply(desired);
        return true;
    }

    private boolean sameSpec(Workspace desired, Workspace live) {
        var json = client.getKubernetesSerialization();
        return Objects.equals(
                json.convertValue(desired.getSpec(), com.fasterxml.jackson.databind.JsonNode.class),
                json.convertValue(live.getSpec(), com.fasterxml.jackson.databind.JsonNode.class));
    }
}
