package io.sealcloud.appstore.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.sealcloud.appstore.config.AppstoreConfig;
import io.sealcloud.appstore.domain.catalog.CatalogVersion;
import io.sealcloud.appstore.domain.catalog.VersionStatus;
import io.sealcloud.appstore.domain.instance.AppInstanceRow;
import io.sealcloud.appstore.domain.instance.AppRevision;
import io.sealcloud.appstore.domain.instance.InstanceKey;
import io.sealcloud.appstore.domain.instance.QuotaCheck;
import io.sealcloud.appstore.domain.instance.RevisionDiff;
import io.sealcloud.appstore.domain.instance.RevisionKey;
import io.sealcloud.appstore.domain.policy.TenantPolicy;
import io.sealcloud.appstore.domain.policy.TenantPolicyException;
import io.sealcloud.appstore.domain.template.InputValidator;
import io.sealcloud.appstore.domain.template.InvalidInputsException;
import io.sealcloud.appstore.domain.template.Rendering;
import io.sealcloud.appstore.domain.template.TemplateFormatException;
import io.sealcloud.appstore.domain.template.TemplateSpec;
import io.sealcloud.appstore.domain.workspace.WorkspaceFacts;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstanceSpec;
import io.sealcloud.appstore.repository.AppInstanceRepository;
import io.sealcloud.appstore.repository.AppRevisionRepository;
import io.sealcloud.appstore.repository.CatalogVersionRepository;
import io.sealcloud.contracts.appstore.AppFailedV1;
import io.sealcloud.contracts.appstore.AppInstalledV1;
import io.sealcloud.contracts.appstore.AppReadyV1;
import io.sealcloud.contracts.appstore.AppUninstalledV1;
import io.sealcloud.contracts.appstore.AppUpgradedV1;
import io.sealcloud.contracts.appstore.AppstoreEvents;
import io.sealcloud.platform.outbox.Outbox;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import io.sealcloud.platform.tenancy.TenancyProjection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The app lifecycle: install, upgrade (with a preview), rollback and uninstall, and what the controller reports back
 * (ready, failed, automatic rollback, uninstalled). The database holds instances and their immutable revisions; each
 * change writes its {@code app.*} event through the outbox in the same transaction and then the AppInstance resource
 * (still inside the transaction, so a failed write to Kubernetes rolls the change back).
 */
@ApplicationScoped
public class AppInstanceService {

    /** A rendered revision: resolved input values, placed objects (no owner yet) and links. */
    public record Rendered(
            Map<String, Object> supplied,
            Map<String, String> values,
            List<Map<String, Object>> objects,
            List<String> links) {}

    /** An instance with its current revision. */
    public record Current(AppInstanceRow instance, AppRevision revision, VersionStatus versionStatus) {}

    /** What an upgrade would change. */
    public record Preview(
            int fromRevision, String fromVersion, String toVersion, VersionStatus toVersionStatus, RevisionDiff diff) {}

    /** The instance, its current revision and what the controller needs. */
    public record Loaded(AppInstanceRow instance, AppRevision revision, Set<String> keptApiVersionKinds) {}

    public record InstallCommand(
            String template, String version, String name, Map<String, Object> inputs, String pvcPolicy) {}

    public record UpgradeCommand(String version, Map<String, Object> inputs, Integer timeoutSeconds) {}

    static final Pattern INSTANCE_NAME = Pattern.compile("^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<List<Map<String, Object>>> OBJECTS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<String>> LIST = new TypeReference<>() {};

    private final AppInstanceRepository instances;
    private final AppRevisionRepository revisions;
    private final CatalogVersionRepository versions;
    private final CatalogService catalog;
    private final TenancyProjection workspaces;
    private final WorkspaceCluster cluster;
    private final TenantPolicy policy;
    private final ServedKinds served;
    private final AppstoreConfig config;
    private final Outbox outbox;
    private final Clock clock;
    // Storage format of inputs and objects: plain Jackson, independent of the REST mapper's settings.
    private final ObjectMapper json = new ObjectMapper();

    public AppInstanceService(
            AppInstanceRepository instances,
            AppRevisionRepository revisions,
            CatalogVersionRepository versions,
            CatalogService catalog,
            TenancyProjection workspaces,
            WorkspaceCluster cluster,
            TenantPolicy policy,
            ServedKinds served,
            AppstoreConfig config,
            Outbox outbox,
            Clock clock) {
        this.instances = instances;
        this.revisions = revisions;
        this.versions = versions;
        this.catalog = catalog;
        this.workspaces = workspaces;
        this.cluster = cluster;
        this.policy = policy;
        this.served = served;
        this.config = config;
        this.outbox = outbox;
        this.clock = clock;
    }

    // ---- access ----------------------------------------------------------------------------------------------------

    /** The workspace as the user sees it; 404 when it does not exist or the user is not a member (no existence leak). */
    @WithSession
    public Uni<WorkspaceFacts> access(String workspaceId, String userId) {
        return workspaces
                .membership(workspaceId, userId)
                .map(found -> found.map(m -> new WorkspaceFacts(
                                m.workspaceId(), m.namespace(), m.suspended(), m.suspensionReasons(), m.role()))
                        .orElseThrow(() -> ProblemException.notFound("Workspace", workspaceId)));
    }

    // ---- reads -----------------------------------------------------------------------------------------------------

    @WithSession
    public Uni<AppInstanceRepository.PageOf> list(WorkspaceFacts ws, int page, int size) {
        return instances.page(ws.id(), page, size);
    }

    @WithSession
    public Uni<Current> current(WorkspaceFacts ws, String name) {
        return instance(ws, name)
                .chain(row -> revision(row, row.revision)
                        .chain(rev -> versions.findAny(row.template, row.version)
                                .map(v -> new Current(row, rev, v == null ? null : v.status))));
    }

    @WithSession
    public Uni<AppRevisionRepository.PageOf> revisions(WorkspaceFacts ws, String name, int page, int size) {
        return instance(ws, name).chain(row -> revisions.page(ws.id(), name, page, size));
    }

    /** The live AppInstance (conditions, objects), if the resource exists. */
    public Uni<Optional<AppInstance>> live(WorkspaceFacts ws, String name) {
        return Blocking.call(() -> cluster.find(ws.namespace(), name));
    }

    // ---- install ---------------------------------------------------------------------------------------------------

    /**
     * Validates, renders and checks everything before anything is created: suspension, name, version status, inputs,
     * tenant policy, quota. Then the instance, revision 1 and {@code app.installed}, and the AppInstance.
     */
    @WithTransaction
    public Uni<Current> install(WorkspaceFacts ws, String actor, InstallCommand cmd) {
        return Uni.createFrom().deferred(() -> doInstall(ws, actor, cmd));
    }

    private Uni<Current> doInstall(WorkspaceFacts ws, String actor, InstallCommand cmd) {
        requireActive(ws);
        String name = cmd.name() == null ? cmd.template() : cmd.name();
        if (!INSTANCE_NAME.matcher(name).matches()) {
            throw ProblemException.badRequest(
                    "The app name must be a DNS label of at most 40 characters, starting with a letter.",
                    List.of(Problem.Violation.atPointer(
                            cmd.name() == null ? "/template" : "/name",
                            "must be 1–40 lowercase letters, digits or '-', starting with a letter")));
        }
        String pvcPolicy = cmd.pvcPolicy() == null ? "keep" : cmd.pvcPolicy();
        return instances
                .findById(new InstanceKey(ws.id(), name))
                .chain(existing -> {
                    if (existing != null) {
                        throw AppProblems.instanceExists(name);
                    }
                    return installable(cmd.template(), cmd.version());
                })
                .chain(version -> {
                    String seed = newSeed();
                    TemplateSpec spec = catalog.parse(version);
                    return Blocking.call(() -> render(spec, cmd.inputs(), ws, name, seed))
                            .call(rendered -> checkQuota(ws, rendered.objects(), null))
                            .chain(rendered -> {
                                Instant now = clock.instant();
                                AppInstanceRow row = new AppInstanceRow();
                                row.key = new InstanceKey(ws.id(), name);
                                row.template = cmd.template();
                                row.version = cmd.version();
                                row.revision = 1;
                                row.seed = seed;
                                row.state = AppInstanceRow.PROGRESSING;
                                row.pvcPolicy = pvcPolicy;
                                row.links = write(rendered.links());
                                row.createdBy = actor;
                                row.createdAt = now;
                                row.updatedAt = now;
                                AppRevision rev =
                                        newRevision(row, 1, AppRevision.INSTALL, null, null, rendered, actor, now);
                                rev.atomic = false;
                                rev.deadline = now.plus(config.lifecycle().installTimeout());
                                return instances
                                        .persist(row)
                                        .chain(() -> instances.flush())
                                        // A concurrent install of the same name committed first.
                                        .onFailure(e -> isUniqueViolation(e, "app_instances_pkey"))
                                        .transform(e -> AppProblems.instanceExists(name))
                                        .chain(() -> revisions.persist(rev))
                                        .chain(() -> outbox.append(
                                                AppstoreEvents.APP_INSTALLED,
                                                ws.id(),
                                                subject(ws.id(), name),
                                                new AppInstalledV1(ws.id(), name, row.template, row.version, 1, actor)))
                                        .chain(() -> writeResource(ws, row))
                                        .map(ignored -> new Current(row, rev, version.status));
                            });
                });
    }

    // ---- upgrade ---------------------------------------------------------------------------------------------------

    /** Renders what an upgrade would run and diffs it with the current revision; stores and applies nothing. */
    @WithSession
    public Uni<Preview> preview(WorkspaceFacts ws, String name, UpgradeCommand cmd) {
        return prepareUpgrade(ws, name, cmd).map(p -> p.preview);
    }

    /**
     * Moves the instance to a new revision (another version and/or inputs). Atomic: if it is not Ready by its deadline
     * the controller rolls back to the current revision. The version never changes unless asked.
     */
    @WithTransaction
    public Uni<Current> upgrade(WorkspaceFacts ws, String actor, String name, UpgradeCommand cmd) {
        return Uni.createFrom().deferred(() -> doUpgrade(ws, actor, name, cmd));
    }

    private Uni<Current> doUpgrade(WorkspaceFacts ws, String actor, String name, UpgradeCommand cmd) {
        requireActive(ws);
        Duration timeout = cmd.timeoutSeconds() == null
                ? config.lifecycle().upgradeTimeout()
                : Duration.ofSeconds(cmd.timeoutSeconds());
        return prepareUpgrade(ws, name, cmd).chain(p -> {
            if (p.preview.diff().isEmpty()) {
                throw ProblemException.conflict(
                        "no-changes", "The upgrade would change nothing: same version, inputs and objects.");
            }
            return checkQuota(ws, p.rendered.objects(), name).chain(() -> {
                Instant now = clock.instant();
                AppInstanceRow row = p.current.instance;
                int from = row.revision;
                String fromVersion = row.version;
                AppRevision rev = newRevision(row, from + 1, AppRevision.UPGRADE, from, null, p.rendered, actor, now);
                rev.version = p.preview.toVersion();
                rev.atomic = true;
                rev.deadline = now.plus(timeout);
                row.links = write(p.rendered.links());
                return moveTo(ws, row, rev, fromVersion, from, false, now)
                        .map(ignored -> new Current(row, rev, p.preview.toVersionStatus()));
            });
        });
    }

    private record PreparedUpgrade(Current current, Rendered rendered, Preview preview) {}

    private Uni<PreparedUpgrade> prepareUpgrade(WorkspaceFacts ws, String name, UpgradeCommand cmd) {
        return current(ws, name).chain(current -> {
            AppInstanceRow row = current.instance;
            requireNotUninstalling(row);
            String target = cmd.version() == null ? row.version : cmd.version();
            return installable(row.template, target).chain(version -> {
                TemplateSpec spec = catalog.parse(version);
                Map<String, Object> supplied = read(current.revision.suppliedInputs, OBJECT);
                Map<String, Object> merged = new LinkedHashMap<>(supplied);
                if (cmd.inputs() != null) {
                    // A null value removes a supplied input: its default applies again.
                    cmd.inputs().forEach((k, v) -> {
                        if (v == null) {
                            merged.remove(k);
                        } else {
                            merged.put(k, v);
                        }
                    });
                }
                return Blocking.call(() -> {
                    Rendered rendered = render(spec, merged, ws, name, row.seed);
                    RevisionDiff diff = RevisionDiff.of(
                            read(current.revision.inputValues, STRINGS),
                            rendered.values(),
                            read(current.revision.objects, OBJECTS),
                            normalized(rendered.objects()));
                    return new PreparedUpgrade(
                            current, rendered, new Preview(row.revision, row.version, target, version.status, diff));
                });
            });
        });
    }

    // ---- rollback --------------------------------------------------------------------------------------------------

    /** Re-applies a kept revision as a new revision (revisions only grow, as in Helm). */
    @WithTransaction
    public Uni<Current> rollback(WorkspaceFacts ws, String actor, String name, int target) {
        return Uni.createFrom()
                .voidItem()
                .invoke(() -> requireActive(ws))
                .chain(() -> instance(ws, name).chain(row -> {
                    requireNotUninstalling(row);
                    if (target == row.revision) {
                        throw ProblemException.conflict(
                                "already-current", "Revision " + target + " is the current revision of " + name + ".");
                    }
                    return revisions
                            .findById(new RevisionKey(ws.id(), name, target))
                            .chain(source -> {
                                if (source == null) {
                                    throw ProblemException.notFound("Revision", name + " " + target);
                                }
                                return versions.findAny(source.template, source.version)
                                        .chain(v -> {
                                            if (v != null && v.status == VersionStatus.WITHDRAWN) {
                                                throw AppProblems.versionWithdrawn(source.template, source.version);
                                            }
                                            requireWithinRole(ws, name, source);
                                            return Blocking.call(() -> {
                                                        // A kind may have stopped being served since (CRD removed).
                                                        requireServed(read(source.objects, OBJECTS));
                                                        return v;
                                                    })
                                                    .chain(ignored -> rollBackTo(ws, actor, row, source, v));
                                        });
                            });
                }));
    }

    private Uni<Current> rollBackTo(
            WorkspaceFacts ws, String actor, AppInstanceRow row, AppRevision source, CatalogVersion v) {
        Instant now = clock.instant();
        AppRevision rev = copy(source, row.revision + 1, AppRevision.ROLLBACK, row.revision, actor, now);
        rev.deadline = now.plus(config.lifecycle().upgradeTimeout());
        String fromVersion = row.version;
        int from = row.revision;
        return moveTo(ws, row, rev, fromVersion, from, true, now)
                .map(ignored -> new Current(row, rev, v == null ? null : v.status));
    }

    // ---- uninstall -------------------------------------------------------------------------------------------------

    /**
     * Starts the uninstall: the instance is marked, the AppInstance deleted; its finalizer keeps it until the
     * controller has deleted every object (volume claims per {@code pvcPolicy}) and recorded {@code app.uninstalled}.
     */
    @WithTransaction
    public Uni<AppInstanceRow> uninstall(WorkspaceFacts ws, String name, String pvcPolicy) {
        return instance(ws, name).chain(row -> {
            row.state = AppInstanceRow.UNINSTALLING;
            row.stateMessage = "Deleting its objects; volume claims: " + pvcPolicy;
            row.pvcPolicy = pvcPolicy;
            row.updatedAt = clock.instant();
            return instances
                    .flush()
                    .chain(() -> Blocking.call(() -> {
                        Optional<AppInstance> live = cluster.find(ws.namespace(), name);
                        if (live.isPresent()) {
                            cluster.apply(resource(ws, row));
                            cluster.delete(ws.namespace(), name);
                        }
                        return live.isPresent();
                    }))
                    .chain(exists -> exists
                            ? Uni.createFrom().item(row)
                            // No resource (nothing was ever applied): done at once.
                            : recordUninstalledInTx(ws.id(), name).replaceWith(row));
        });
    }

    // ---- reported by the controller --------------------------------------------------------------------------------

    /** The instance and its current revision, or null when there is no row (yet). */
    public Uni<Loaded> load(String workspaceId, String name) {
        return io.quarkus.hibernate.reactive.panache.Panache.withSession(() -> instances
                .findById(new InstanceKey(workspaceId, name))
                .chain(row -> row == null
                        ? Uni.createFrom().nullItem()
                        : revisions.all(workspaceId, name).map(all -> {
                            AppRevision current = all.stream()
                                    .filter(r -> r.key.revision == row.revision)
                                    .findFirst()
                                    .orElse(null);
                            Set<String> kinds = new LinkedHashSet<>();
                            for (AppRevision r : all) {
                                for (Map<String, Object> o : read(r.objects, OBJECTS)) {
                                    kinds.add(o.get("apiVersion") + "|" + o.get("kind"));
                                }
                            }
                            return new Loaded(row, current, kinds);
                        })));
    }

    /** The objects stored for a revision. */
    public List<Map<String, Object>> objectsOf(AppRevision revision) {
        return read(revision.objects, OBJECTS);
    }

    /** The current revision became Ready: {@code app.ready} once per revision. */
    public Uni<Void> recordReady(String workspaceId, String name, int revision) {
        return recordOutcome(
                workspaceId,
                name,
                revision,
                AppInstanceRow.READY,
                AppRevision.OUTCOME_READY,
                null,
                row -> outbox.append(
                        AppstoreEvents.APP_READY,
                        workspaceId,
                        subject(workspaceId, name),
                        new AppReadyV1(workspaceId, name, row.template, row.version, revision)));
    }

    /** The current revision failed (apply error, or not ready by its deadline and not atomic): {@code app.failed} once. */
    public Uni<Void> recordFailed(String workspaceId, String name, int revision, String reason, String message) {
        return recordOutcome(
                workspaceId,
                name,
                revision,
                AppInstanceRow.FAILED,
                AppRevision.OUTCOME_FAILED,
                message,
                row -> outbox.append(
                        AppstoreEvents.APP_FAILED,
                        workspaceId,
                        subject(workspaceId, name),
                        new AppFailedV1(
                                workspaceId, name, row.template, row.version, revision, reason, message, null)));
    }

    /**
     * Moves the instance's current revision to {@code state} / {@code outcome} and publishes its event, once: nothing
     * happens when the revision is no longer current, the instance is already in that state, or it is uninstalling.
     */
    private Uni<Void> recordOutcome(
            String workspaceId,
            String name,
            int revision,
            String state,
            String outcome,
            String message,
            java.util.function.Function<AppInstanceRow, Uni<Void>> event) {
        return io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() -> instances
                .findById(new InstanceKey(workspaceId, name))
                .chain(row -> {
                    if (row == null
                            || row.revision != revision
                            || state.equals(row.state)
                            || AppInstanceRow.UNINSTALLING.equals(row.state)) {
                        return Uni.createFrom().voidItem();
                    }
                    row.state = state;
                    row.stateMessage = message;
                    row.updatedAt = clock.instant();
                    return revisions
                            .findById(new RevisionKey(workspaceId, name, revision))
                            .invoke(rev -> {
                                if (rev != null) {
                                    rev.outcome = outcome;
                                    rev.outcomeMessage = message;
                                }
                            })
                            .chain(() -> event.apply(row));
                }));
    }

    /**
     * An atomic upgrade missed its deadline: a new revision re-applies the one it replaced, recorded as {@code
     * auto-rollback}, with {@code app.failed} (rolledBackTo) and {@code app.upgraded} (rollback). Returns the new
     * revision, or null when there is nothing to do (not current any more, not atomic, already decided).
     */
    public Uni<Integer> rollBackAutomatically(String workspaceId, String name, int failed, String message) {
        return io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() -> instances
                .findById(new InstanceKey(workspaceId, name))
                .chain(row -> {
                    if (row == null || row.revision != failed || AppInstanceRow.UNINSTALLING.equals(row.state)) {
                        return Uni.createFrom().nullItem();
                    }
                    return revisions
                            .findById(new RevisionKey(workspaceId, name, failed))
                            .chain(rev -> {
                                if (rev == null || !rev.atomic || rev.outcome != null || rev.fromRevision == null) {
                                    return Uni.createFrom().<Integer>nullItem();
                                }
                                return revisions
                                        .findById(new RevisionKey(workspaceId, name, rev.fromRevision))
                                        .chain(source -> {
                                            if (source == null) {
                                                return Uni.createFrom().<Integer>nullItem();
                                            }
                                            Instant now = clock.instant();
                                            rev.outcome = AppRevision.OUTCOME_ROLLED_BACK;
                                            rev.outcomeMessage = message;
                                            AppRevision back = copy(
                                                    source,
                                                    failed + 1,
                                                    AppRevision.AUTO_ROLLBACK,
                                                    failed,
                                                    "sealcloud-appstore",
                                                    now);
                                            back.deadline =
                                                    now.plus(config.lifecycle().upgradeTimeout());
                                            String failedVersion = row.version;
                                            WorkspaceFacts ws = new WorkspaceFacts(
                                                    workspaceId, "ns-" + workspaceId, false, List.of(), null);
                                            return outbox.append(
                                                            AppstoreEvents.APP_FAILED,
                                                            workspaceId,
                                                            subject(workspaceId, name),
                                                            new AppFailedV1(
                                                                    workspaceId,
                                                                    name,
                                                                    row.template,
                                                                    failedVersion,
                                                                    failed,
                                                                    "ReadyTimeout",
                                                                    message,
                                                                    source.key.revision))
                                                    .chain(() ->
                                                            moveTo(ws, row, back, failedVersion, failed, true, now))
                                                    .map(ignored -> back.key.revision);
                                        });
                            });
                }));
    }

    /** Every object is gone: the instance and its revisions are deleted, {@code app.uninstalled} written. */
    public Uni<Void> recordUninstalled(String workspaceId, String name) {
        return io.quarkus.hibernate.reactive.panache.Panache.withTransaction(
                () -> recordUninstalledInTx(workspaceId, name));
    }

    private Uni<Void> recordUninstalledInTx(String workspaceId, String name) {
        return instances.findById(new InstanceKey(workspaceId, name)).chain(row -> {
            if (row == null) {
                return Uni.createFrom().voidItem();
            }
            AppUninstalledV1 event = new AppUninstalledV1(workspaceId, name, row.template, row.version, row.pvcPolicy);
            return instances
                    .delete(row)
                    .chain(() -> outbox.append(
                            AppstoreEvents.APP_UNINSTALLED, workspaceId, subject(workspaceId, name), event));
        });
    }

    // ---- shared steps ----------------------------------------------------------------------------------------------

    /** Makes {@code rev} current: stores it, prunes old revisions, writes {@code app.upgraded} and the resource. */
    private Uni<Void> moveTo(
            WorkspaceFacts ws,
            AppInstanceRow row,
            AppRevision rev,
            String fromVersion,
            int fromRevision,
            boolean rollback,
            Instant now) {
        row.revision = rev.key.revision;
        row.version = rev.version;
        row.state = AppInstanceRow.PROGRESSING;
        row.stateMessage = null;
        row.updatedAt = now;
        return revisions
                .persist(rev)
                .chain(() -> revisions.flush())
                .chain(() -> revisions.pruneOlderThan(
                        ws.id(),
                        row.key.name,
                        rev.key.revision,
                        config.lifecycle().keptRevisions()))
                .chain(() -> outbox.append(
                        AppstoreEvents.APP_UPGRADED,
                        ws.id(),
                        subject(ws.id(), row.key.name),
                        new AppUpgradedV1(
                                ws.id(),
                                row.key.name,
                                row.template,
                                rev.version,
                                rev.key.revision,
                                fromVersion,
                                fromRevision,
                                rollback)))
                .chain(() -> writeResource(ws, row));
    }

    private Uni<Void> writeResource(WorkspaceFacts ws, AppInstanceRow row) {
        return Blocking.call(() -> cluster.apply(resource(ws, row))).replaceWithVoid();
    }

    /** The AppInstance as the database says it should be. */
    public static AppInstance resource(WorkspaceFacts ws, AppInstanceRow row) {
        AppInstance resource = new AppInstance();
        resource.setMetadata(new ObjectMetaBuilder()
                .withName(row.key.name)
                .withNamespace(ws.namespace())
                .withLabels(
                        Map.of(TenantPolicy.MANAGED_BY, TenantPolicy.MANAGER, TenantPolicy.WORKSPACE_LABEL, ws.id()))
                .build());
        AppInstanceSpec spec = new AppInstanceSpec();
        spec.setWorkspaceId(ws.id());
        spec.setTemplate(row.template);
        spec.setVersion(row.version);
        spec.setRevision(row.revision);
        spec.setPvcPolicy(row.pvcPolicy);
        resource.setSpec(spec);
        return resource;
    }

    private AppRevision newRevision(
            AppInstanceRow row,
            int number,
            String action,
            Integer from,
            Integer source,
            Rendered rendered,
            String actor,
            Instant now) {
        AppRevision rev = new AppRevision();
        rev.key = new RevisionKey(row.key.workspaceId, row.key.name, number);
        rev.template = row.template;
        rev.version = row.version;
        rev.action = action;
        rev.fromRevision = from;
        rev.sourceRevision = source;
        rev.suppliedInputs = write(new TreeMap<>(rendered.supplied()));
        rev.inputValues = write(new TreeMap<>(rendered.values()));
        rev.objects = write(rendered.objects());
        rev.createdBy = actor;
        rev.createdAt = now;
        return rev;
    }

    private static AppRevision copy(
            AppRevision source, int number, String action, int from, String actor, Instant now) {
        AppRevision rev = new AppRevision();
        rev.key = new RevisionKey(source.key.workspaceId, source.key.instance, number);
        rev.template = source.template;
        rev.version = source.version;
        rev.action = action;
        rev.fromRevision = from;
        rev.sourceRevision = source.key.revision;
        rev.suppliedInputs = source.suppliedInputs;
        rev.inputValues = source.inputValues;
        rev.objects = source.objects;
        rev.atomic = false;
        rev.createdBy = actor;
        rev.createdAt = now;
        return rev;
    }

    /**
     * A version that may be installed: drafts and unknown versions are 404, withdrawn ones 409 (except the version an
     * instance already runs, which keeps working but cannot take other inputs either: withdrawn means withdrawn).
     */
    private Uni<CatalogVersion> installable(String template, String version) {
        if (version == null) {
            return Uni.createFrom()
                    .failure(ProblemException.badRequest(
                            "Give the template version to install; the store never picks one for you.",
                            List.of(Problem.Violation.atPointer("/version", "is required"))));
        }
        return versions.findAny(template, version).map(v -> {
            if (v == null || v.status == VersionStatus.DRAFT) {
                throw ProblemException.notFound("Version", template + " " + version);
            }
            if (v.status == VersionStatus.WITHDRAWN) {
                throw AppProblems.versionWithdrawn(template, version);
            }
            return v;
        });
    }

    private Rendered render(
            TemplateSpec spec, Map<String, Object> supplied, WorkspaceFacts ws, String name, String seed) {
        Map<String, Object> inputs = supplied == null ? Map.of() : supplied;
        try {
            Rendering rendering = Rendering.start(
                    spec,
                    PlatformVariables.of(config.platform(), ws.id(), name),
                    seed,
                    config.rendering().limits());
            Map<String, String> values = InputValidator.validate(spec, inputs, rendering);
            var placed = policy.place(
                    rendering.render().objects(),
                    new TenantPolicy.Placement(ws.id(), ws.namespace(), name, null, ws.role()));
            requireServed(placed.objects());
            return new Rendered(inputs, values, normalized(placed.objects()), placed.links());
        } catch (InvalidInputsException e) {
            throw AppProblems.invalidInputs(e);
        } catch (TenantPolicyException e) {
            throw AppProblems.notAllowed(e);
        } catch (TemplateFormatException e) {
            throw AppProblems.renderFailed(e.getMessage());
        }
    }

    /**
     * Refuses objects of a kind the cluster does not serve (in the version the template names): such an install would
     * be accepted and then fail for ever. Blocking (discovery, cached).
     */
    private void requireServed(List<Map<String, Object>> objects) {
        Map<String, ServedKinds.Lookup> missing = new LinkedHashMap<>();
        for (Map<String, Object> object : objects) {
            String apiVersion = String.valueOf(object.get("apiVersion"));
            String kind = String.valueOf(object.get("kind"));
            ServedKinds.Lookup lookup = served.lookup(apiVersion, kind);
            if (lookup.isNotServed()) {
                missing.putIfAbsent(apiVersion + " " + kind, lookup);
            }
        }
        if (!missing.isEmpty()) {
            throw AppProblems.notServed(List.copyOf(missing.values()));
        }
    }

    /**
     * Refuses when the objects need more than the workspace quota leaves once every other instance's current revision
     * is counted, whether its pods exist yet or not ({@link QuotaCheck#withCommitted}); {@code instance} is the one
     * being upgraded (its current revision is what the objects replace), null for an install. Holds the workspace's
     * quota lock until the caller's transaction ends, so concurrent installs see each other.
     */
    private Uni<Void> checkQuota(WorkspaceFacts ws, List<Map<String, Object>> objects, String instance) {
        return instances
                .lockQuota(ws.id())
                .chain(() -> revisions.currentInWorkspace(ws.id(), instance))
                .chain(current -> Blocking.call(() -> {
                    List<Map<String, Object>> committed = new ArrayList<>();
                    current.forEach(revision -> committed.addAll(read(revision.objects, OBJECTS)));
                    List<QuotaCheck.Quota> quotas = QuotaCheck.withCommitted(
                            cluster.quotas(ws.namespace()),
                            QuotaCheck.requests(cluster.admitted(ws.namespace()), WorkspaceCluster::quantity),
                            QuotaCheck.requests(committed, WorkspaceCluster::quantity),
                            WorkspaceCluster::quantity);
                    List<QuotaCheck.Excess> excess = QuotaCheck.exceeded(
                            QuotaCheck.requests(objects, WorkspaceCluster::quantity),
                            quotas,
                            WorkspaceCluster::quantity);
                    if (!excess.isEmpty()) {
                        throw AppProblems.quotaExceeded(ws.namespace(), excess);
                    }
                    return null;
                }))
                .replaceWithVoid();
    }

    private static boolean isUniqueViolation(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException cve
                    && constraint.equals(cve.getConstraintName())) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg
                    && "23505".equals(pg.getSqlState())
                    && (constraint.equals(pg.getConstraint())
                            || String.valueOf(pg.getMessage()).contains(constraint))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A rollback re-applies a revision rendered for someone else: its Roles must not exceed what the member rolling
     * back may do either (a developer must not restore the Secret-writing Role an owner upgraded away).
     */
    private void requireWithinRole(WorkspaceFacts ws, String name, AppRevision source) {
        try {
            policy.place(
                    read(source.objects, OBJECTS),
                    new TenantPolicy.Placement(ws.id(), ws.namespace(), name, null, ws.role()));
        } catch (TenantPolicyException e) {
            throw AppProblems.notAllowed(e);
        }
    }

    private static void requireActive(WorkspaceFacts ws) {
        if (ws.suspended()) {
            throw AppProblems.suspended(ws.id(), ws.suspensionReasons());
        }
    }

    private static void requireNotUninstalling(AppInstanceRow row) {
        if (AppInstanceRow.UNINSTALLING.equals(row.state)) {
            throw AppProblems.uninstalling(row.key.name);
        }
    }

    private Uni<AppInstanceRow> instance(WorkspaceFacts ws, String name) {
        return instances.findById(new InstanceKey(ws.id(), name)).map(row -> {
            if (row == null) {
                throw ProblemException.notFound("App", name);
            }
            return row;
        });
    }

    private Uni<AppRevision> revision(AppInstanceRow row, int number) {
        return revisions.findById(new RevisionKey(row.key.workspaceId, row.key.name, number));
    }

    public Map<String, String> values(AppRevision revision) {
        return read(revision.inputValues, STRINGS);
    }

    public List<String> links(AppInstanceRow row) {
        return read(row.links, LIST);
    }

    /** The aggregate is the instance; its name is unique in the workspace, which is the Kafka key. */
    static String subject(String workspaceId, String name) {
        return name;
    }

    private static String newSeed() {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(seed);
    }

    /** Objects as they come back from storage (JSON numbers and maps), so diffs compare like with like. */
    private List<Map<String, Object>> normalized(List<Map<String, Object>> objects) {
        return read(write(objects), OBJECTS);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
