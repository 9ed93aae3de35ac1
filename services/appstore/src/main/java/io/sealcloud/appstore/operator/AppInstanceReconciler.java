package io.sealcloud.appstore.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sealcloud.appstore.config.AppstoreConfig;
import io.sealcloud.appstore.domain.instance.AppRevision;
import io.sealcloud.appstore.domain.policy.TenantPolicy;
import io.sealcloud.appstore.domain.policy.TenantPolicyException;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstanceStatus;
import io.sealcloud.appstore.operator.crd.v1alpha1.ObjectStatus;
import io.sealcloud.appstore.operator.model.DesiredAppObjects;
import io.sealcloud.appstore.operator.model.InstanceReadiness;
import io.sealcloud.appstore.operator.model.ObjectReadiness;
import io.sealcloud.appstore.service.AppInstanceService;
import io.sealcloud.appstore.service.AppProblems;
import io.sealcloud.appstore.service.ServedKinds;
import io.sealcloud.platform.operator.Applier;
import io.sealcloud.platform.operator.Conditions;
import io.sealcloud.platform.operator.ReconcileResult;
import io.sealcloud.platform.operator.Reconciler;
import io.sealcloud.platform.operator.StatusUpdater;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Drives an AppInstance to its current revision: applies the revision's objects (labelled, owned, in the instance's
 * namespace), prunes objects of the instance the revision no longer has, aggregates their readiness into {@code
 * Progressing}/{@code Ready}/{@code Degraded}, and reports transitions to the database ({@code app.ready}, {@code
 * app.failed}, automatic rollback of an atomic upgrade past its deadline). Uninstall runs behind a finalizer and
 * deletes every object labelled with the instance explicitly (volume claims per policy). Level-triggered: every
 * reconcile does all of it, and a reconcile with nothing to do writes nothing.
 */
@ApplicationScoped
public class AppInstanceReconciler implements Reconciler<AppInstance> {

    static final String REASON_READY = "AllObjectsReady";
    static final String REASON_WAITING = "WaitingForObjects";
    static final String REASON_APPLY_FAILED = "ApplyFailed";
    static final String REASON_NOT_ALLOWED = "ObjectNotAllowed";
    static final String REASON_NOT_SERVED = "KindNotServed";
    static final String REASON_TIMEOUT = "ReadyTimeout";
    static final String REASON_OBJECT_FAILED = "ObjectFailed";
    static final String REASON_ROLLED_BACK = "RolledBack";
    static final String REASON_NO_REVISION = "WaitingForRevision";

    private static final Logger LOG = Logger.getLogger(AppInstanceReconciler.class);

    private final KubernetesClient client;
    private final Applier applier;
    private final StatusUpdater statusUpdater;
    private final AppInstanceService service;
    private final TenantPolicy policy;
    private final InstanceObjects objects;
    private final AppstoreConfig config;
    private final Clock clock;

    public AppInstanceReconciler(
            KubernetesClient client,
            Applier applier,
            StatusUpdater statusUpdater,
            AppInstanceService service,
            TenantPolicy policy,
            InstanceObjects objects,
            AppstoreConfig config,
            Clock clock) {
        this.client = client;
        this.applier = applier;
        this.statusUpdater = statusUpdater;
        this.service = service;
        this.policy = policy;
        this.objects = objects;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public ReconcileResult reconcile(AppInstance app) throws Exception {
        try {
            return reconcileSteps(app);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 && client.resource(app).get() == null) {
                return ReconcileResult.done(); // the AppInstance itself is gone (uninstall finished meanwhile)
            }
            throw e;
        }
    }

    private ReconcileResult reconcileSteps(AppInstance app) throws Exception {
        if (app.getMetadata().getDeletionTimestamp() != null) {
            return uninstall(app);
        }
        app = ensureFinalizer(app);
        String ws = app.getSpec().getWorkspaceId();
        String name = app.getMetadata().getName();
        AppInstanceService.Loaded loaded = Reconciler.awaitOnVertx(() -> service.load(ws, name));
        if (loaded == null || loaded.revision() == null) {
            return orphanOrWait(app);
        }
        if (!Objects.equals(loaded.instance().revision, app.getSpec().getRevision())) {
            return syncSpec(app, loaded); // the database decides which revision runs
        }
        List<Map<String, Object>> desired;
        try {
            desired = DesiredAppObjects.of(app, service.objectsOf(loaded.revision()), policy);
        } catch (TenantPolicyException e) {
            return failed(app, loaded.revision(), REASON_NOT_ALLOWED, e.getMessage(), List.of());
        }
        List<ServedKinds.Lookup> missing = objects.notServed(desired);
        if (!missing.isEmpty()) {
            // Refused at install; here only when a CRD went away since. A later resync retries.
            return failed(
                    app,
                    loaded.revision(),
                    REASON_NOT_SERVED,
                    AppProblems.notServed(missing).detail(),
                    List.of());
        }
        List<ObjectStatus> observed = new ArrayList<>();
        List<Boolean> failures = new ArrayList<>();
        try {
            applyAll(desired, observed, failures);
        } catch (KubernetesClientException e) {
            failed(app, loaded.revision(), REASON_APPLY_FAILED, e.getMessage(), observed);
            throw e; // retried with backoff; the status says what failed
        }
        objects.prune(app, desired, loaded.keptApiVersionKinds());
        return decide(app, loaded.revision(), InstanceReadiness.of(observed, failures));
    }

    private AppInstance ensureFinalizer(AppInstance app) {
        if (app.hasFinalizer(AppInstance.FINALIZER)) {
            return app;
        }
        return client.resource(app).edit(a -> {
            a.addFinalizer(AppInstance.FINALIZER);
            return a;
        });
    }

    /** Applies every object in order and reads its readiness from what the API server answered. */
    private void applyAll(List<Map<String, Object>> desired, List<ObjectStatus> observed, List<Boolean> failures) {
        KubernetesSerialization json = client.getKubernetesSerialization();
        for (Map<String, Object> object : desired) {
            HasMetadata live = applier.apply(objects.toResource(object));
            @SuppressWarnings("unchecked")
            Map<String, Object> liveMap = json.convertValue(live, Map.class);
            ObjectReadiness readiness = ObjectReadiness.of(liveMap);
            observed.add(new ObjectStatus(
                    live.getApiVersion(),
                    live.getKind(),
                    live.getMetadata().getName(),
                    readiness.ready(),
                    readiness.message()));
            failures.add(readiness.failed());
        }
    }

    private ReconcileResult decide(AppInstance app, AppRevision revision, InstanceReadiness readiness)
            throws Exception {
        String ws = app.getSpec().getWorkspaceId();
        String name = app.getMetadata().getName();
        int number = revision.key.revision;
        if (readiness.ready()) {
            writeStatus(app, number, readiness.objects(), REASON_READY, readiness.message(), null, null);
            Reconciler.awaitOnVertx(() -> service.recordReady(ws, name, number));
            return ReconcileResult.done();
        }
        Instant now = clock.instant();
        boolean late = !now.isBefore(revision.deadline);
        if (!late && !readiness.failed()) {
            writeStatus(app, number, readiness.objects(), null, null, REASON_WAITING, readiness.message());
            // Children's changes wake us up; the deadline needs a timer.
            return ReconcileResult.requeueAfter(
                    Duration.between(now, revision.deadline).plusMillis(200));
        }
        String reason = readiness.failed() ? REASON_OBJECT_FAILED : REASON_TIMEOUT;
        String message = readiness.failed()
                ? readiness.message()
                : "revision " + number + " was not ready within "
                        + Duration.between(revision.createdAt, revision.deadline)
                                .toSeconds() + "s: " + readiness.message();
        if (revision.atomic && revision.outcome == null) {
            Integer back = Reconciler.awaitOnVertx(() -> service.rollBackAutomatically(ws, name, number, message));
            if (back != null) {
                LOG.infof(
                        "Rolled back AppInstance %s/%s from revision %d to %d: %s",
                        app.getMetadata().getNamespace(), name, number, back, message);
                writeStatus(app, number, readiness.objects(), null, null, null, null, REASON_ROLLED_BACK, message);
                AppInstanceService.Loaded loaded = Reconciler.awaitOnVertx(() -> service.load(ws, name));
                return loaded == null ? ReconcileResult.done() : syncSpec(app, loaded);
            }
        }
        return failed(app, revision, reason, message, readiness.objects());
    }

    private ReconcileResult failed(
            AppInstance app, AppRevision revision, String reason, String message, List<ObjectStatus> observed)
            throws Exception {
        int number = revision.key.revision;
        writeStatus(app, number, observed, null, null, null, null, reason, message);
        String ws = app.getSpec().getWorkspaceId();
        String name = app.getMetadata().getName();
        Reconciler.awaitOnVertx(() -> service.recordFailed(ws, name, number, reason, message));
        return ReconcileResult.done();
    }

    /** The database moved the instance to another revision (rollback, upgrade whose resource write was lost). */
    private ReconcileResult syncSpec(AppInstance app, AppInstanceService.Loaded loaded) {
        var row = loaded.instance();
        client.resources(AppInstance.class)
                .inNamespace(app.getMetadata().getNamespace())
                .withName(app.getMetadata().getName())
                .edit(a -> {
                    a.getSpec().setRevision(row.revision);
                    a.getSpec().setVersion(row.version);
                    a.getSpec().setPvcPolicy(row.pvcPolicy);
                    return a;
                });
        return ReconcileResult.done(); // the spec change brings the next reconcile
    }

    /**
     * No row: either the install's transaction has not committed yet (the resource is written just before the commit)
     * or it rolled back after the resource was written. Wait a little; past the grace period the resource is an orphan
     * that never had objects, and is removed.
     */
    private ReconcileResult orphanOrWait(AppInstance app) {
        Instant created =
                OffsetDateTime.parse(app.getMetadata().getCreationTimestamp()).toInstant();
        if (clock.instant().isAfter(created.plus(config.lifecycle().orphanGrace()))) {
            LOG.warnf(
                    "Deleting AppInstance %s/%s: no install recorded for it",
                    app.getMetadata().getNamespace(), app.getMetadata().getName());
            client.resource(app)
                    .withTimeout(0, java.util.concurrent.TimeUnit.SECONDS)
                    .delete();
            return ReconcileResult.done();
        }
        writeStatus(app, null, List.of(), null, null, REASON_NO_REVISION, "waiting for the install to be recorded");
        return ReconcileResult.requeueAfter(Duration.ofSeconds(5));
    }

    /** Deletes everything labelled with the instance (volume claims per policy), records it, drops the finalizer. */
    private ReconcileResult uninstall(AppInstance app) throws Exception {
        if (!app.hasFinalizer(AppInstance.FINALIZER)) {
            return ReconcileResult.done();
        }
        String ws = app.getSpec().getWorkspaceId();
        String name = app.getMetadata().getName();
        AppInstanceService.Loaded loaded = Reconciler.awaitOnVertx(() -> service.load(ws, name));
        Set<String> kinds = loaded == null ? Set.of() : loaded.keptApiVersionKinds();
        int remaining = objects.deleteAll(app, kinds, app.getSpec().deletesVolumes());
        if (remaining > 0) {
            return ReconcileResult.requeueAfter(Duration.ofSeconds(2)); // objects with finalizers of their own
        }
        Reconciler.awaitOnVertx(() -> service.recordUninstalled(ws, name));
        client.resource(app).edit(a -> {
            a.removeFinalizer(AppInstance.FINALIZER);
            return a;
        });
        LOG.infof("Uninstalled AppInstance %s/%s", app.getMetadata().getNamespace(), name);
        return ReconcileResult.done();
    }

    private void writeStatus(
            AppInstance app,
            Integer revision,
            List<ObjectStatus> observed,
            String readyReason,
            String readyMessage,
            String progressingReason,
            String progressingMessage) {
        writeStatus(
                app, revision, observed, readyReason, readyMessage, progressingReason, progressingMessage, null, null);
    }

    /**
     * One status write per reconcile: Ready when {@code readyReason} is given, Progressing when {@code
     * progressingReason} is, Degraded when {@code degradedReason} is; the others are False with the same reason.
     */
    private void writeStatus(
            AppInstance app,
            Integer revision,
            List<ObjectStatus> observed,
            String readyReason,
            String readyMessage,
            String progressingReason,
            String progressingMessage,
            String degradedReason,
            String degradedMessage) {
        Instant now = clock.instant();
        Long generation = app.getMetadata().getGeneration();
        List<Condition> conditions =
                app.getStatus() == null ? List.of() : app.getStatus().getConditions();
        String reason =
                readyReason != null ? readyReason : progressingReason != null ? progressingReason : degradedReason;
        String message = Objects.toString(
                readyMessage != null ? readyMessage : progressingMessage != null ? progressingMessage : degradedMessage,
                "");
        conditions = Conditions.set(
                conditions, AppInstance.PROGRESSING, progressingReason != null, reason, message, generation, now);
        conditions = Conditions.set(
                conditions, AppInstance.DEGRADED, degradedReason != null, reason, message, generation, now);
        conditions =
                Conditions.set(conditions, AppInstance.READY, readyReason != null, reason, message, generation, now);
        AppInstanceStatus status = new AppInstanceStatus();
        status.setConditions(conditions);
        status.setRevision(revision);
        status.setObjects(observed);
        statusUpdater.update(app, status);
    }
}
