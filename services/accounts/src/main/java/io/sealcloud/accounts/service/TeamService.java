package io.sealcloud.accounts.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.domain.MemberInfo;
import io.sealcloud.accounts.domain.MemberNotFoundException;
import io.sealcloud.accounts.domain.Membership;
import io.sealcloud.accounts.domain.PageOf;
import io.sealcloud.accounts.domain.TeamPolicy;
import io.sealcloud.accounts.domain.Workspace;
import io.sealcloud.accounts.domain.WorkspaceNotFoundException;
import io.sealcloud.accounts.domain.WorkspaceRole;
import io.sealcloud.accounts.repository.MembershipRepository;
import io.sealcloud.accounts.repository.WorkspaceRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Members of a workspace and what its owner and managers do with them: role changes, removal, leaving, renaming and
 * deleting the workspace (ownership transfer: {@link OwnershipTransferService}). Every change is one transaction with its {@code member.*} or
 * {@code workspace.deleted} event and its audit entry; the caller writes the Workspace resource after the commit
 * ({@link #afterCommit}), whose members the controller turns into RoleBindings. A workspace the caller is not a member
 * of does not exist for them (404); a role that may not do something gets 403 (rules: {@link TeamPolicy}).
 */
@ApplicationScoped
public class TeamService {

    private static final Logger LOG = Logger.getLogger(TeamService.class);

    private final WorkspaceRepository workspaces;
    private final MembershipRepository memberships;
    private final WorkspaceEvents events;
    private final AuditLog audit;
    private final WorkspaceService workspaceService;
    private final WorkspaceDeletion deletion;
    private final Clock clock;

    public TeamService(
            WorkspaceRepository workspaces,
            MembershipRepository memberships,
            WorkspaceEvents events,
            AuditLog audit,
            WorkspaceService workspaceService,
            WorkspaceDeletion deletion,
            Clock clock) {
        this.workspaces = workspaces;
        this.memberships = memberships;
        this.events = events;
        this.audit = audit;
        this.workspaceService = workspaceService;
        this.deletion = deletion;
        this.clock = clock;
    }

    /** The workspace and the caller's role in it, inside the current session; 404 for a non-member. */
    record Access(Workspace workspace, WorkspaceRole role) {}

    Uni<Access> access(Caller caller, String workspaceId) {
        return memberships
                .roleOf(workspaceId, caller.id())
                .chain(role -> role == null
                        ? Uni.createFrom().failure(new WorkspaceNotFoundException(workspaceId))
                        : workspaces.findById(workspaceId).map(w -> {
                            if (w == null) {
                                throw new WorkspaceNotFoundException(workspaceId);
                            }
                            return new Access(w, role);
                        }));
    }

    /** A page of the members, oldest first; any member may read it. */
    public Uni<PageOf<MemberInfo>> members(Caller caller, String workspaceId, int page, int size) {
        return Panache.withSession(
                () -> access(caller, workspaceId).chain(access -> memberships.page(workspaceId, page, size)));
    }

    /** Changes a member's role (owner: anyone but themselves; manager: managers and developers but themselves). */
    public Uni<MemberInfo> changeRole(Caller caller, String workspaceId, String userId, WorkspaceRole newRole) {
        Instant now = now();
        return Panache.withTransaction(() -> access(caller, workspaceId)
                .chain(access -> member(workspaceId, userId).chain(membership -> {
                    TeamPolicy.checkRoleChange(access.role(), caller.id(), membership.role, userId, newRole);
                    WorkspaceRole previous = membership.role;
                    if (previous == newRole) {
                        return memberships.findMember(workspaceId, userId);
                    }
                    membership.role = newRole;
                    return memberships
                            .flush()
                            .chain(() -> events.memberChanged(workspaceId, userId, newRole, previous, caller.id(), now))
                            .chain(() -> audit.record(
                                    caller.id(),
                                    "member.role-changed",
                                    workspaceId,
                                    userId,
                                    Map.of("role", newRole.wire(), "previousRole", previous.wire())))
                            .chain(() -> memberships.findMember(workspaceId, userId));
                })));
    }

    /** Removes another member (owner: anyone else; manager: managers and developers). */
    public Uni<Void> remove(Caller caller, String workspaceId, String userId) {
        Instant now = now();
        return Panache.withTransaction(() -> access(caller, workspaceId)
                .chain(access -> member(workspaceId, userId).chain(membership -> {
                    TeamPolicy.checkRemoval(access.role(), caller.id(), membership.role, userId);
                    return removeMembership(membership, caller.id(), now, "member.removed");
                })));
    }

    /** The caller leaves the workspace (not its owner). */
    public Uni<Void> leave(Caller caller, String workspaceId) {
        Instant now = now();
        return Panache.withTransaction(() -> access(caller, workspaceId)
                .chain(access -> member(workspaceId, caller.id()).chain(membership -> {
                    TeamPolicy.checkLeave(access.role());
                    return removeMembership(membership, caller.id(), now, "member.left");
                })));
    }

    /** Renames (display name) the workspace: owner or manager. */
    public Uni<Void> rename(Caller caller, String workspaceId, String displayName) {
        return Panache.withTransaction(() -> access(caller, workspaceId).chain(access -> {
            TeamPolicy.requireManager(access.role(), "rename the workspace");
            String previous = access.workspace().displayName;
            access.workspace().displayName = displayName;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("displayName", displayName);
            details.put("previousDisplayName", previous);
            return workspaces
                    .flush()
                    .chain(() -> audit.record(caller.id(), "workspace.renamed", workspaceId, null, details));
        }));
    }

    /**
     * Deletes a team workspace (owner only): a tombstone keeping its owner for late charges, its row and, by cascade,
     * its memberships, invitations and suspensions, with {@code workspace.deleted} ({@link WorkspaceDeletion}). Writing the Workspace resource afterwards deletes it, and with it the namespace
     * and everything in it.
     */
    public Uni<Void> deleteWorkspace(Caller caller, String workspaceId) {
        Instant now = now();
        return Panache.withTransaction(() -> access(caller, workspaceId).chain(access -> {
            TeamPolicy.checkDelete(access.role(), access.workspace().kind);
            return deletion.delete(access.workspace(), caller.id(), "deleted by its owner", now);
        }));
    }

    /** The workspace's audit log, newest first: its owner only. */
    public Uni<PageOf<io.sealcloud.accounts.domain.AuditEntry>> auditLog(
            Caller caller, String workspaceId, int page, int size) {
        return Panache.withSession(() -> access(caller, workspaceId).chain(access -> {
            TeamPolicy.requireOwner(access.role(), "read the audit log");
            return audit.find(new io.sealcloud.accounts.domain.AuditQuery(null, workspaceId, null, null, page, size));
        }));
    }

    /** Writes the workspace's resource after a commit (members → RoleBindings; deleted → gone). Never fails. */
    public Uni<Void> afterCommit(String workspaceId) {
        return workspaceService.ensureResource(workspaceId);
    }

    private Uni<Membership> member(String workspaceId, String userId) {
        return memberships.findById(new Membership.Key(workspaceId, userId)).map(m -> {
            if (m == null) {
                throw new MemberNotFoundException(workspaceId, userId);
            }
            return m;
        });
    }

    private Uni<Void> removeMembership(Membership membership, String by, Instant now, String action) {
        String workspaceId = membership.key.workspaceId;
        String userId = membership.key.userId;
        WorkspaceRole role = membership.role;
        return memberships
                .delete(membership)
                .chain(memberships::flush)
                .chain(() -> events.memberRemoved(workspaceId, userId, role, by, now))
                .chain(() -> audit.record(by, action, workspaceId, userId, Map.of("role", role.wire())))
                .invoke(() -> LOG.infof("Removed user %s (%s) from workspace %s", userId, role.wire(), workspaceId));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
