package io.sealcloud.accounts.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.domain.MemberInfo;
import io.sealcloud.accounts.domain.Membership;
import io.sealcloud.accounts.domain.QuotaOverrides;
import io.sealcloud.accounts.domain.UniqueViolations;
import io.sealcloud.accounts.domain.Workspace;
import io.sealcloud.accounts.domain.WorkspaceIds;
import io.sealcloud.accounts.domain.WorkspaceInfo;
import io.sealcloud.accounts.domain.WorkspaceKind;
import io.sealcloud.accounts.domain.WorkspaceNameTakenException;
import io.sealcloud.accounts.domain.WorkspaceNotFoundException;
import io.sealcloud.accounts.domain.WorkspaceRole;
import io.sealcloud.accounts.domain.WorkspaceState;
import io.sealcloud.accounts.operator.WorkspaceResources;
import io.sealcloud.accounts.repository.AccountRepository;
import io.sealcloud.accounts.repository.MembershipRepository;
import io.sealcloud.accounts.repository.SuspensionRepository;
import io.sealcloud.accounts.repository.WorkspaceRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Workspaces as their members see them, team workspace creation, and what the controller reports back (phase, and
 * the one-time "ready" with its event). Every read is scoped by membership: a workspace the caller is not a member of
 * does not exist for them.
 */
@ApplicationScoped
public class WorkspaceService {

    /** The unique constraint behind "one name per owner" (V1 migration). */
    static final String OWNER_NAME_CONSTRAINT = "workspaces_owner_name_key";

    public static final String PHASE_PENDING = "Pending";
    public static final String PHASE_PROVISIONING = "Provisioning";
    public static final String PHASE_READY = "Ready";

    private static final Logger LOG = Logger.getLogger(WorkspaceService.class);

    private final WorkspaceRepository workspaces;
    private final MembershipRepository memberships;
    private final WorkspaceEvents events;
    private final SuspensionRepository suspensions;
    private final AccountRepository accounts;
    private final jakarta.enterprise.inject.Instance<DebtActions> debtActions;
    private final WorkspaceResources resources;
    private final Clock clock;

    public WorkspaceService(
            WorkspaceRepository workspaces,
            MembershipRepository memberships,
            SuspensionRepository suspensions,
            AccountRepository accounts,
            jakarta.enterprise.inject.Instance<DebtActions> debtActions,
            WorkspaceEvents events,
            WorkspaceResources resources,
            Clock clock) {
        this.workspaces = workspaces;
        this.memberships = memberships;
        this.suspensions = suspensions;
        this.accounts = accounts;
        this.debtActions = debtActions;
        this.events = events;
        this.resources = resources;
        this.clock = clock;
    }

    /** The workspaces the caller is a member of, oldest first. */
    public Uni<List<WorkspaceInfo>> list(Caller caller) {
        return Panache.withSession(() -> workspaces.listForMember(caller.id()));
    }

    /** One of the caller's workspaces; fails with {@link WorkspaceNotFoundException} for any other id. */
    public Uni<WorkspaceInfo> get(Caller caller, String id) {
        return Panache.withSession(() -> workspaces.findForMember(caller.id(), id))
                .onItem()
                .ifNull()
                .failWith(() -> new WorkspaceNotFoundException(id));
    }

    /**
     * Creates a team workspace owned by the caller, with its {@code workspace.created} event in the same transaction.
     * Fails with {@link WorkspaceNameTakenException} when the caller already owns one with this name (checked first,
     * and enforced by a unique constraint against a concurrent create). Joins the caller's transaction if there is one
     * (the Idempotency-Key helper opens one so the stored response commits with the workspace).
     */
    public Uni<WorkspaceInfo> createTeam(Caller caller, String name, String displayName) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Workspace workspace = new Workspace();
        workspace.id = WorkspaceIds.newId();
        workspace.name = name;
        workspace.displayName = displayName == null || displayName.isBlank() ? name : displayName.strip();
        workspace.kind = WorkspaceKind.TEAM;
        workspace.ownerId = caller.id();
        workspace.namespace = WorkspaceIds.namespaceOf(workspace.id);
        workspace.phase = PHASE_PENDING;
        workspace.createdAt = now;
        return Panache.withTransaction(() -> workspaces
                        .existsByOwnerAndName(caller.id(), name)
                        .chain(taken -> taken
                                ? Uni.createFrom().failure(new WorkspaceNameTakenException(name))
                                : workspaces.persistAndFlush(workspace))
                        .chain(() -> memberships.persistAndFlush(
                                new Membership(workspace.id, caller.id(), WorkspaceRole.OWNER, now)))
                        .chain(() -> events.created(workspace))
                        .chain(() -> events.memberAdded(
                                workspace.id, caller.id(), caller.username(), WorkspaceRole.OWNER, caller.id(), now))
                        .chain(() -> debtActions.get().suspendIfOwnerInDebt(workspace.id, caller.id())))
                .onFailure(failure -> UniqueViolations.isViolationOf(failure, OWNER_NAME_CONSTRAINT))
                .transform(failure -> new WorkspaceNameTakenException(name))
                .invoke(() -> LOG.infof(
                        "Created team workspace %s (%s) for user %s", workspace.id, workspace.name, caller.id()))
                .replaceWith(() -> new WorkspaceInfo(
                        workspace.id,
                        workspace.name,
                        workspace.displayName,
                        workspace.kind,
                        workspace.ownerId,
                        caller.username(),
                        workspace.namespace,
                        false,
                        workspace.phase,
                        null,
                        workspace.createdAt,
                        WorkspaceRole.OWNER));
    }

    /**
     * Makes sure the Workspace resource of a freshly committed workspace exists. Call it after the commit: a resource
     * for a rolled-back workspace would be an orphan. A failure is only logged; the periodic sync creates what is
     * missing.
     */
    public Uni<Void> ensureResource(WorkspaceInfo workspace) {
        return resources.ensure(workspace.id());
    }

    /** The same by id; a workspace no longer in the database gets its resource deleted. */
    public Uni<Void> ensureResource(String workspaceId) {
        return resources.ensure(workspaceId);
    }

    /**
     * Records what the controller observed. The phase is written only when it changed; the first time the workspace
     * is ready it is marked ready and {@code workspace.ready} is appended in the same transaction: once, however often
     * the controller reports it.
     */
    public Uni<Void> recordStatus(
            String id, String namespace, long generation, boolean ready, String phase, String message) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> workspaces
                .recordPhase(id, phase, ready ? null : message)
                .chain(() ->
                        ready ? workspaces.markReady(id, now) : Uni.createFrom().item(false))
                .call(firstReady -> firstReady
                        ? events.ready(id, namespace, generation, now)
                        : Uni.createFrom().voidItem())
                .invoke(firstReady -> {
                    if (firstReady) {
                        LOG.infof("Workspace %s is ready (namespace %s)", id, namespace);
                    }
                })
                .replaceWithVoid());
    }

    /** What every workspace's Kubernetes side should be (for the database → Workspace resource sync). */
    public Uni<List<WorkspaceState>> allStates() {
        return Panache.withSession(() -> workspaces
                .listAllInfo()
                .chain(all -> memberships
                        .all()
                        .chain(members -> suspensions
                                .allReasons()
                                .chain(reasons -> workspaces
                                        .allQuotas()
                                        .chain(quotas -> accounts.idsDeletingWorkloads()
                                                .map(deleting -> {
                                                    Map<String, List<MemberInfo>> byWorkspace = members.stream()
                                                            .collect(Collectors.groupingBy(MemberInfo::workspaceId));
                                                    return all.stream()
                                                            .map(info -> new WorkspaceState(
                                                                    info,
                                                                    byWorkspace.getOrDefault(info.id(), List.of()),
                                                                    reasons.getOrDefault(info.id(), new TreeSet<>()),
                                                                    quotas.getOrDefault(info.id(), QuotaOverrides.NONE),
                                                                    deleting.contains(info.ownerId())))
                                                            .toList();
                                                }))))));
    }

    /** What one workspace's Kubernetes side should be; null when the workspace does not exist (any more). */
    public Uni<WorkspaceState> state(String id) {
        return Panache.withSession(() -> workspaces
                .findInfo(id)
                .chain(info -> info == null
                        ? Uni.createFrom().nullItem()
                        : memberships
                                .ofWorkspace(id)
                                .chain(members -> suspensions
                                        .reasons(id)
                                        .chain(reasons -> workspaces
                                                .findById(id)
                                                .chain(w -> accounts.deletesWorkloads(info.ownerId())
                                                        .map(deleting -> new WorkspaceState(
                                                                info,
                                                                members,
                                                                reasons,
                                                                w == null ? QuotaOverrides.NONE : w.quota(),
                                                                deleting)))))));
    }
}
