package io.sealcloud.accounts.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.vertx.VertxContextSupport;
import io.sealcloud.accounts.config.AccountsConfig;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceStatus;
import io.sealcloud.accounts.operator.model.DesiredLimitRange;
import io.sealcloud.accounts.operator.model.DesiredNamespace;
import io.sealcloud.accounts.operator.model.DesiredNetworkPolicy;
import io.sealcloud.accounts.operator.model.DesiredOwnerRole;
import io.sealcloud.accounts.operator.model.DesiredOwnerRoleBinding;
import io.sealcloud.accounts.operator.model.DesiredResourceQuota;
import io.sealcloud.accounts.operator.model.DesiredServiceAccount;
import io.sealcloud.accounts.operator.model.LimitDefaults;
import io.sealcloud.accounts.operator.model.QuotaDefaults;
import io.sealcloud.accounts.operator.model.WorkspaceObjects;
import io.sealcloud.accounts.service.WorkspaceService;
import io.sealcloud.platform.operator.Applier;
import io.sealcloud.platform.operator.Conditions;
import io.sealcloud.platform.operator.ReconcileResult;
import io.sealcloud.platform.operator.Reconciler;
import io.sealcloud.platform.operator.StatusUpdater;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Drives a Workspace to its namespace with guard rails: namespace (Pod Security restricted), quota and limits,
 * network isolation, the owner's RBAC. One condition per step, {@code Ready} summarising them; the status is written
 * once, and the database learns the phase (and, the first time, that the workspace is ready).
 */
@ApplicationScoped
public class WorkspaceReconciler implements Reconciler<Workspace> {

    public static final String NAMESPACE_READY = "NamespaceReady";
    public static final String QUOTA_READY = "QuotaReady";
    public static final String NETWORK_READY = "NetworkReady";
    public static final String RBAC_READY = "RbacReady";
    static final List<String> STEPS = List.of(NAMESPACE_READY, QUOTA_READY, NETWORK_READY, RBAC_READY);

    private final Applier applier;
    private final StatusUpdater statusUpdater;
    private final WorkspaceService workspaces;
    private final AccountsConfig config;
    private final Clock clock;

    public WorkspaceReconciler(
            Applier applier,
            StatusUpdater statusUpdater,
            WorkspaceService workspaces,
            AccountsConfig config,
            Clock clock) {
        this.applier = applier;
        this.statusUpdater = statusUpdater;
        this.workspaces = workspaces;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public ReconcileResult reconcile(Workspace workspace) throws Exception {
        if (workspace.getMetadata().getDeletionTimestamp() != null) {
            return ReconcileResult.done(); // children carry ownerReferences: the garbage collector removes them
        }
        Steps steps = new Steps(workspace);
        steps.run(NAMESPACE_READY, "NamespaceActive", () -> applyNamespace(workspace));
        steps.run(QUOTA_READY, "QuotaApplied", () -> applyQuotaAndLimits(workspace));
        steps.run(NETWORK_READY, "NetworkPoliciesApplied", () -> applyNetworkPolicies(workspace));
        steps.run(RBAC_READY, "OwnerAccessGranted", () -> applyOwnerAccess(workspace));
        List<Condition> conditions = steps.summarized();
        Workspace written = writeStatus(workspace, conditions);
        recordInDatabase(written, conditions);
        if (steps.failure != null) {
            throw steps.failure; // retried with backoff; the status already says what failed
        }
        return ReconcileResult.done();
    }

    private String applyNamespace(Workspace workspace) {
        Namespace namespace = applier.apply(DesiredNamespace.of(workspace));
        boolean terminating = namespace.getStatus() != null
                && "Terminating".equals(namespace.getStatus().getPhase());
        return terminating ? "Namespace " + namespace.getMetadata().getName() + " is terminating" : null;
    }

    private String applyQuotaAndLimits(Workspace workspace) {
        var quota = config.quota();
        var limits = config.limits();
        applier.apply(DesiredResourceQuota.of(
                workspace,
                new QuotaDefaults(
                        quantity(quota.cpu()),
                        quantity(quota.memory()),
                        quantity(quota.storage()),
                        quota.pods(),
                        quota.nodePorts())));
        applier.apply(DesiredLimitRange.of(
                workspace,
                new LimitDefaults(
                        quantity(limits.defaultRequestCpu()), quantity(limits.defaultRequestMemory()),
                        quantity(limits.defaultLimitCpu()), quantity(limits.defaultLimitMemory()))));
        return null;
    }

    private String applyNetworkPolicies(Workspace workspace) {
        DesiredNetworkPolicy.of(workspace).forEach(applier::apply);
        return null;
    }

    private String applyOwnerAccess(Workspace workspace) {
        applier.apply(DesiredServiceAccount.of(workspace));
        applier.apply(DesiredOwnerRole.of(workspace));
        applier.apply(DesiredOwnerRoleBinding.of(workspace, config.rbac().userPrefix()));
        return null;
    }

    private Workspace writeStatus(Workspace workspace, List<Condition> conditions) {
        WorkspaceStatus status = new WorkspaceStatus();
        status.setConditions(conditions);
        status.setNamespace(WorkspaceObjects.namespace(workspace));
        return statusUpdater.update(workspace, status);
    }

    private void recordInDatabase(Workspace workspace, List<Condition> conditions) throws Exception {
        Condition ready = Conditions.find(conditions, Conditions.READY).orElseThrow();
        boolean isReady = Conditions.TRUE.equals(ready.getStatus());
        // Hibernate Reactive needs a Vert.x context; this is a controller worker thread (blocking allowed).
        try {
            VertxContextSupport.subscribeAndAwait(() -> workspaces.recordStatus(
                    workspace.getMetadata().getName(),
                    WorkspaceObjects.namespace(workspace),
                    workspace.getMetadata().getGeneration() == null
                            ? 0
                            : workspace.getMetadata().getGeneration(),
                    isReady,
                    isReady ? WorkspaceService.PHASE_READY : WorkspaceService.PHASE_PROVISIONING,
                    ready.getMessage()));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static Quantity quantity(String value) {
        return new Quantity(value);
    }

    /**
     * Runs the steps in order and turns each outcome into its condition: null means done (True), a text means not yet
     * (False, the text as message), an exception means failed (False) and skips the remaining steps (Unknown), since
     * each needs the ones before it.
     */
    private final class Steps {
        private final Workspace workspace;
        private final Long generation;
        private List<Condition> conditions;
        private Exception failure;
        private boolean blocked;

        Steps(Workspace workspace) {
            this.workspace = workspace;
            this.generation = workspace.getMetadata().getGeneration();
            this.conditions = workspace.getStatus() == null
                    ? List.of()
                    : workspace.getStatus().getConditions();
        }

        void run(String type, String reason, Supplier<String> step) {
            if (blocked) {
                set(type, Conditions.UNKNOWN, "Blocked", "Waiting for an earlier step");
                return;
            }
            try {
                String notYet = step.get();
                if (notYet == null) {
                    set(type, Conditions.TRUE, reason, "");
                } else {
                    set(type, Conditions.FALSE, "NotReady", notYet);
                    blocked = true;
                }
            } catch (KubernetesClientException e) {
                set(type, Conditions.FALSE, "ApplyFailed", e.getMessage());
                failure = e;
                blocked = true;
            }
        }

        List<Condition> summarized() {
            return Conditions.summaryReady(conditions, STEPS, generation, clock.instant());
        }

        private void set(String type, String status, String reason, String message) {
            conditions = Conditions.set(conditions, type, status, reason, message, generation, clock.instant());
        }
    }
}
