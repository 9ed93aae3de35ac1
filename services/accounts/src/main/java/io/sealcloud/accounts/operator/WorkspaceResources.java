package io.sealcloud.accounts.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.scheduler.Scheduled;
import io.sealcloud.accounts.domain.WorkspaceState;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.model.DesiredWorkspace;
import io.sealcloud.accounts.operator.model.WorkspaceObjects;
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
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps a Workspace resource for every workspace in the database (the source of truth for its spec: owner, members,
 * suspension, quota) and none for a deleted one. Written right after each commit that changes a workspace, and again
 * by a level-triggered sync that heals a crash between that commit and the write, a deleted resource, a spec edited
 * by hand, and changes committed by code that cannot write afterwards (the debt ladder's suspensions).
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
     * Writes (or, for a workspace no longer in the database, deletes) the Workspace resource of one workspace. Call
     * it after the commit. Runs the Kubernetes client off the event loop and continues on the caller's Vert.x
     * context. Never fails: an error is logged and left to the sync.
     */
    public Uni<Void> ensure(String workspaceId) {
        Context context = Vertx.currentContext();
        Uni<Void> write = workspaces
                .get()
                .state(workspaceId)
                .chain(state -> Uni.createFrom()
                        .item(() -> {
                            Workspace live = client.resources(Workspace.class)
                                    .withName(workspaceId)
                                    .get();
                            if (state == null) {
                                delete(workspaceId, live);
                            } else {
                                write(state, live);
                            }
                            return null;
                        })
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf(
                            "Could not write Workspace %s (the sync will retry): %s",
                            workspaceId, failure.getMessage());
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
            delayed = "${sealcloud.scheduler.first-run-delay:20s}",
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

    /** Writes every missing or outdated Workspace resource and deletes orphans; returns how many it changed. */
    public Uni<Integer> sync() {
        // Resources first, database second: a resource listed here was written after its workspace committed, so the
        // database read below sees that workspace unless it was deleted since. The other order could take a
        // workspace created in between for an orphan.
        Context context = Vertx.currentContext();
        Uni<Map<String, Workspace>> listed = Uni.createFrom()
                .item(() -> client.resources(Workspace.class).list().getItems().stream()
                        .collect(Collectors.toMap(w -> w.getMetadata().getName(), Function.identity())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        // Back on the caller's Vert.x context: Hibernate Reactive needs it.
        if (context != null) {
            listed = listed.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return listed.chain(live -> workspaces
                .get()
                .allStates()
                .chain(all -> Uni.createFrom()
                        .item(() -> writeAll(all, live))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())));
    }

    private int writeAll(List<WorkspaceState> all, Map<String, Workspace> live) {
        int changed = 0;
        for (WorkspaceState state : all) {
            try {
                if (write(state, live.get(state.workspace().id()))) {
                    changed++;
                }
            } catch (RuntimeException e) {
                LOG.warnf("Could not write Workspace %s: %s", state.workspace().id(), e.getMessage());
            }
        }
        // A resource we manage whose workspace is gone from the database: its workspace was deleted (and the write
        // after that commit failed). Only resources labelled as ours; the list above completed, so "absent" is real.
        Set<String> known = all.stream().map(s -> s.workspace().id()).collect(Collectors.toSet());
        for (Workspace orphan : live.values()) {
            if (!known.contains(orphan.getMetadata().getName()) && managedByUs(orphan)) {
                try {
                    delete(orphan.getMetadata().getName(), orphan);
                    changed++;
                } catch (RuntimeException e) {
                    LOG.warnf(
                            "Could not delete Workspace %s: %s",
                            orphan.getMetadata().getName(), e.getMessage());
                }
            }
        }
        if (changed > 0) {
            LOG.infof("Workspace sync changed %d Workspace resources (%d in the database)", changed, all.size());
        }
        return changed;
    }

    /** Applies the desired resource unless the live one already matches; true when it wrote. */
    private boolean write(WorkspaceState state, Workspace live) {
        Workspace desired = DesiredWorkspace.of(state);
        if (live != null
                && live.getSpec() != null
                && sameSpec(desired, live)
                && live.getMetadata().getLabels() != null
                && live.getMetadata()
                        .getLabels()
                        .entrySet()
                        .containsAll(desired.getMetadata().getLabels().entrySet())) {
            return false;
        }
        applier.apply(desired);
        return true;
    }

    private void delete(String workspaceId, Workspace live) {
        if (live == null || live.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        // Foreground: the API server removes the namespace (and the members' ServiceAccounts) before the resource.
        client.resources(Workspace.class)
                .withName(workspaceId)
                .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND)
                .delete();
        LOG.infof("Deleted Workspace %s", workspaceId);
    }

    private static boolean managedByUs(Workspace workspace) {
        Map<String, String> labels = workspace.getMetadata().getLabels();
        return labels != null && WorkspaceObjects.MANAGED_BY.equals(labels.get(WorkspaceObjects.MANAGED_BY_LABEL));
    }

    private boolean sameSpec(Workspace desired, Workspace live) {
        var json = client.getKubernetesSerialization();
        return Objects.equals(
                json.convertValue(desired.getSpec(), JsonNode.class),
                json.convertValue(live.getSpec(), JsonNode.class));
    }
}
