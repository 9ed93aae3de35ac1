package io.sealcloud.accounts.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.vertx.VertxContextSupport;
import io.sealcloud.accounts.config.AccountsConfig;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceStatus;
import io.sealcloud.accounts.operator.model.DesiredLimitRange;
import io.sealcloud.accounts.operator.model.DesiredMemberAccess;
import io.sealcloud.accounts.operator.model.DesiredNamespace;
import io.sealcloud.accounts.operator.model.DesiredNetworkPolicy;
import io.sealcloud.accounts.operator.model.DesiredResourceQuota;
import io.sealcloud.accounts.operator.model.DesiredRoles;
import io.sealcloud.accounts.operator.model.LimitDefaults;
import io.sealcloud.accounts.operator.model.QuotaDefaults;
import io.sealcloud.accounts.operator.model.WorkloadDeletion;
import io.sealcloud.accounts.operator.model.WorkloadSuspension;
import io.sealcloud.accounts.operator.model.WorkspaceObjects;
import io.sealcloud.accounts.service.WorkspaceService;
import io.sealcloud.platform.operator.Applier;
import io.sealcloud.platform.operator.Conditions;
import io.sealcloud.platform.operator.ReconcileResult;
import io.sealcloud.platform.operator.Reconciler;
import io.sealcloud.platform.operator.StatusUpdater;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Drives a Workspace to its namespace with guard rails: namespace (Pod Security restricted), quota and limits,
 * network isolation, each member's RBAC, and its workloads running or suspended as the spec says. One condition per
 * step, {@code Ready} summarising them (Ready means "as the spec says", which for a suspended workspace is "scaled
 * down"), plus {@code Suspended} telling which; the status is written once, and the database learns the phase (and,
 * the first time, that the workspace is ready).
 */
@ApplicationScoped
public class WorkspaceReconciler implements Reconciler<Workspace> {

    public static final String NAMESPACE_READY = "NamespaceReady";
    public static final String QUOTA_READY = "QuotaReady";
    public static final String NETWORK_READY = "NetworkReady";
    public static final String RBAC_READY = "RbacReady";
    public static final String WORKLOADS_READY = "WorkloadsReady";
    /** Informational, not part of Ready: True while the spec asks for suspension and workloads are scaled down. */
    public static final String SUSPENDED = "Suspended";

    static final List<String> STEPS = List.of(NAMESPACE_READY, QUOTA_READY, NETWORK_READY, RBAC_READY, WORKLOADS_READY);
    /** The RoleBinding of the first release (owner only), replaced by per-member bindings. */
    static final String LEGACY_OWNER_BINDING = "sealcloud-owner";

    private static final Logger LOG = Logger.getLogger(WorkspaceReconciler.class);

    private final KubernetesClient client;
    private final Applier applier;
    private final StatusUpdater statusUpdater;
    private final WorkspaceService workspaces;
    private final AccountsConfig config;
    private final ServedApis served;
    private final Clock clock;

    public WorkspaceReconciler(
            KubernetesClient client,
            Applier applier,
            StatusUpdater statusUpdater,
            WorkspaceService workspaces,
            AccountsConfig config,
            ServedApis served,
            Clock clock) {
        this.client = client;
        this.applier = applier;
        this.statusUpdater = statusUpdater;
        this.workspaces = workspaces;
        this.config = config;
        this.served = served;
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
        steps.run(RBAC_READY, "MemberAccessGranted", () -> applyMemberAccess(workspace));
        boolean suspend = workspace.getSpec().suspensionRequested();
        String workloads = workspace.getSpec().workloadDeletionRequested()
                ? "WorkloadsDeleted"
                : suspend ? "WorkloadsSuspended" : "WorkloadsRunning";
        steps.run(WORKLOADS_READY, workloads, () -> applyWorkloads(workspace));
        steps.suspension(suspend);
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

    /**
     * The three role Roles, then per member a ServiceAccount (in the platform's member namespace) and a RoleBinding;
     * then whatever a former member or a former role left behind is deleted, which revokes a removed member's tokens
     * at once (a ServiceAccount's tokens die with it).
     */
    private String applyMemberAccess(Workspace workspace) {
        String accountNamespace = config.rbac().serviceAccountNamespace();
        String userPrefix = config.rbac().userPrefix();
        applier.apply(memberNamespace(accountNamespace));
        DesiredRoles.of(workspace).forEach(applier::apply);
        Set<String> accounts = new HashSet<>();
        Set<String> bindings = new HashSet<>();
        for (var member : DesiredMemberAccess.members(workspace)) {
            accounts.add(applier.apply(DesiredMemberAccess.serviceAccount(workspace, member, accountNamespace))
                    .getMetadata()
                    .getName());
            bindings.add(applier.apply(DesiredMemberAccess.roleBinding(workspace, member, userPrefix, accountNamespace))
                    .getMetadata()
                    .getName());
        }
        String id = workspace.getMetadata().getName();
        String namespace = WorkspaceObjects.namespace(workspace);
        for (RoleBinding binding : client.rbac()
                .roleBindings()
                .inNamespace(namespace)
                .withLabel(WorkspaceObjects.WORKSPACE_LABEL, id)
                .list()
                .getItems()) {
            String name = binding.getMetadata().getName();
            boolean ours = hasLabel(binding, DesiredMemberAccess.MEMBER_LABEL) || LEGACY_OWNER_BINDING.equals(name);
            if (ours && !bindings.contains(name)) {
                delete(binding);
            }
        }
        for (ServiceAccount account : client.serviceAccounts()
                .inNamespace(accountNamespace)
                .withLabel(WorkspaceObjects.WORKSPACE_LABEL, id)
                .list()
                .getItems()) {
            if (!accounts.contains(account.getMetadata().getName())) {
                delete(account);
            }
        }
        // The first release kept the owner's account in the workspace namespace, where pods could run as it.
        for (ServiceAccount account : client.serviceAccounts()
                .inNamespace(namespace)
                .withLabel(WorkspaceObjects.WORKSPACE_LABEL, id)
                .list()
                .getItems()) {
            if (account.getMetadata().getName().startsWith("u-")) {
                delete(account);
            }
        }
        return null;
    }

    /** The platform namespace holding every member's ServiceAccount; nothing runs there. */
    private static Namespace memberNamespace(String name) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of(
                        WorkspaceObjects.MANAGED_BY_LABEL,
                        WorkspaceObjects.MANAGED_BY,
                        "pod-security.kubernetes.io/enforce",
                        DesiredNamespace.PSA_LEVEL))
                .endMetadata()
                .build();
    }

    /**
     * Scales every Deployment and StatefulSet to 0, suspends every CronJob and running Job (saving what each was) and
     * deletes bare Pods, or restores what was saved exactly; see {@link WorkloadSuspension}. Updates carry the resourceVersion read, so a concurrent change
     * fails this reconcile, which is retried against the new state.
     */
    private String applyWorkloads(Workspace workspace) {
        String namespace = WorkspaceObjects.namespace(workspace);
        if (workspace.getSpec().workloadDeletionRequested()) {
            deleteWorkloads(namespace);
            return null;
        }
        boolean suspend = workspace.getSpec().suspensionRequested();
        if (!suspend && alreadyRunning(workspace)) {
            return null;
        }
        int changed = 0;
        changed += update(
                client.apps().deployments().inNamespace(namespace).list().getItems(),
                suspend ? WorkloadSuspension::suspend : WorkloadSuspension::resume);
        changed += update(
                client.apps().statefulSets().inNamespace(namespace).list().getItems(),
                suspend ? WorkloadSuspension::suspend : WorkloadSuspension::resume);
        // CronJobs at the version the cluster serves (batch/v1beta1 before Kubernetes 1.21), see ServedApis.
        changed += update(
                served.cronJobs(namespace),
                suspend ? WorkloadSuspension::suspend : WorkloadSuspension::resume,
                served::served);
        boolean jobSuspension = served.jobSuspension();
        changed += update(
                client.batch().v1().jobs().inNamespace(namespace).list().getItems(),
                suspend ? job -> WorkloadSuspension.suspend(job, jobSuspension) : WorkloadSuspension::resume);
        if (suspend) {
            // A bare Pod has no owner to scale it down and no spec to restore it from: it is deleted.
            for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
                if (WorkloadSuspension.isBarePod(pod) && pod.getMetadata().getDeletionTimestamp() == null) {
                    delete(pod);
                    changed++;
                }
            }
        }
        if (changed > 0) {
            LOG.infof("%s %d workloads in namespace %s", suspend ? "Suspended" : "Resumed", changed, namespace);
        }
        return null;
    }

    /**
     * Whether the last status this controller wrote says the workloads run as the spec says (nothing suspended, every
     * saved original restored): then resuming has nothing to do and the four LISTs are skipped, which is most
     * reconciles (the ones our own status write, quota status and ServiceAccount token updates trigger). Safe because
     * the status read is a snapshot with the spec: a suspension after it came with a newer spec, whose reconcile wrote
     * {@code WorkloadsSuspended}, and every snapshot that carries the later resume's spec also carries that status.
     */
    private static boolean alreadyRunning(Workspace workspace) {
        return workspace.getStatus() != null
                && Conditions.find(workspace.getStatus().getConditions(), WORKLOADS_READY)
                        .filter(c -> Conditions.TRUE.equals(c.getStatus()) && "WorkloadsRunning".equals(c.getReason()))
                        .isPresent();
    }

    /**
     * Debt-deletion: deletes every Deployment, StatefulSet, CronJob and Job (their pods follow through the garbage
     * collector), every bare Pod and the NodePort/LoadBalancer Services ({@link WorkloadDeletion}). Level-triggered:
     * every reconcile deletes whatever exists, so a workload created meanwhile goes too; nothing is left to delete on
     * the next one.
     */
    private void deleteWorkloads(String namespace) {
        List<HasMetadata> doomed = new java.util.ArrayList<>();
        doomed.addAll(client.apps().deployments().inNamespace(namespace).list().getItems());
        doomed.addAll(client.apps().statefulSets().inNamespace(namespace).list().getItems());
        served.cronJobs(namespace).stream().map(served::served).forEach(doomed::add);
        doomed.addAll(client.batch().v1().jobs().inNamespace(namespace).list().getItems());
        client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(WorkloadSuspension::isBarePod)
                .forEach(doomed::add);
        client.services().inNamespace(namespace).list().getItems().stream()
                .filter(WorkloadDeletion::deletes)
                .forEach(doomed::add);
        for (HasMetadata object : doomed) {
            if (object.getMetadata().getDeletionTimestamp() == null) {
                client.resource(object)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                        .delete();
            }
        }
        if (!doomed.isEmpty()) {
            LOG.infof("Debt-deletion: deleted %d workloads in namespace %s", doomed.size(), namespace);
        }
    }

    private <T extends HasMetadata> int update(List<T> live, Function<T, Optional<T>> change) {
        return update(live, change, Function.identity());
    }

    /** Writes each changed object, as {@code written} turns it into what the API server serves. */
    private <T extends HasMetadata> int update(
            List<T> live, Function<T, Optional<T>> change, Function<T, ? extends HasMetadata> written) {
        int changed = 0;
        for (T object : live) {
            Optional<T> updated = change.apply(object);
            if (updated.isPresent()) {
                client.resource(written.apply(updated.get())).update();
                changed++;
            }
        }
        return changed;
    }

    private void delete(HasMetadata object) {
        client.resource(object).delete();
        LOG.infof(
                "Deleted %s %s/%s",
                object.getKind(),
                object.getMetadata().getNamespace(),
                object.getMetadata().getName());
    }

    private static boolean hasLabel(HasMetadata object, String label) {
        return object.getMetadata().getLabels() != null
                && object.getMetadata().getLabels().containsKey(label);
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

        /** The informational Suspended condition (not a step: it does not make the workspace un-ready). */
        void suspension(boolean requested) {
            List<String> reasons = workspace.getSpec().getSuspensionReasons();
            String why = reasons == null || reasons.isEmpty() ? "" : String.join(", ", reasons);
            if (!requested) {
                set(SUSPENDED, Conditions.FALSE, "NotSuspended", "");
            } else if (Conditions.isTrue(conditions, WORKLOADS_READY)) {
                set(SUSPENDED, Conditions.TRUE, "Suspended", "Suspended for: " + why);
            } else {
                set(SUSPENDED, Conditions.UNKNOWN, "Suspending", "Suspension requested for: " + why);
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
