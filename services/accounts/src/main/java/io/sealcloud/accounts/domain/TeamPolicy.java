package io.sealcloud.accounts.domain;

/**
 * Who may do what to the members of a workspace (the "Teams" table in docs/services/accounts.md). Pure rules: the
 * services load the roles and call these, which throw {@link AccessDeniedException} (403), {@link
 * TeamRuleException} (422) or, for a new owner in debt, {@link ConflictException} (409). Summary: the owner manages
 * everyone but themselves; a manager manages the members below the owner (managers and developers, not themselves); a
 * developer manages nobody. Nobody becomes owner except by a transfer from the owner.
 */
public final class TeamPolicy {

    private TeamPolicy() {}

    /** Inviting, listing and revoking invitations, renaming: owner or manager. */
    public static void requireManager(WorkspaceRole actor, String what) {
        if (actor != WorkspaceRole.OWNER && actor != WorkspaceRole.MANAGER) {
            throw new AccessDeniedException("Only the owner or a manager may " + what + ".");
        }
    }

    /** Deleting the workspace, transferring it, reading its audit log: the owner alone. */
    public static void requireOwner(WorkspaceRole actor, String what) {
        if (actor != WorkspaceRole.OWNER) {
            throw new AccessDeniedException("Only the owner may " + what + ".");
        }
    }

    /** An invitation's role: manager or developer, never owner. */
    public static void checkInvitation(WorkspaceRole actor, WorkspaceKind kind, WorkspaceRole invited) {
        requireManager(actor, "invite members");
        requireTeam(kind);
        if (invited == WorkspaceRole.OWNER) {
            throw new TeamRuleException(
                    "owner-not-invitable", "Nobody can be invited as owner; the owner transfers ownership instead.");
        }
    }

    /** Changing a member's role. */
    public static void checkRoleChange(
            WorkspaceRole actor, String actorId, WorkspaceRole target, String targetId, WorkspaceRole newRole) {
        requireManager(actor, "change roles");
        if (actorId.equals(targetId)) {
            throw new TeamRuleException("own-role", "Members cannot change their own role.");
        }
        if (newRole == WorkspaceRole.OWNER) {
            throw new TeamRuleException(
                    "owner-not-assignable", "The owner role is given by transferring ownership, not by a role change.");
        }
        if (target == WorkspaceRole.OWNER) {
            throw new AccessDeniedException("The owner's role cannot be changed; the owner transfers ownership.");
        }
    }

    /** Removing another member. */
    public static void checkRemoval(WorkspaceRole actor, String actorId, WorkspaceRole target, String targetId) {
        requireManager(actor, "remove members");
        if (actorId.equals(targetId)) {
            throw new TeamRuleException("remove-self", "Use leave to leave a workspace.");
        }
        if (target == WorkspaceRole.OWNER) {
            throw new AccessDeniedException("The owner cannot be removed.");
        }
    }

    /** Leaving: anyone but the owner, who transfers ownership first. */
    public static void checkLeave(WorkspaceRole actor) {
        if (actor == WorkspaceRole.OWNER) {
            throw new TeamRuleException(
                    "owner-cannot-leave", "The owner cannot leave; transfer ownership to another member first.");
        }
    }

    /** Transferring ownership to another member of a team workspace. */
    public static void checkTransfer(WorkspaceRole actor, WorkspaceKind kind, String actorId, String newOwnerId) {
        requireOwner(actor, "transfer ownership");
        requireTeam(kind);
        if (actorId.equals(newOwnerId)) {
            throw new TeamRuleException("already-owner", "The caller already owns this workspace.");
        }
    }

    /**
     * Whether the new owner's account may take over a workspace: not while it is in debt. The account that pays is the
     * owner's, so a transfer to a debtor would at once suspend the workspace (or, past the grace period, delete its
     * workloads without the notice its members never got); the new owner recharges first. Checked after every other
     * rule, so only the owner, about a member, learns that the member cannot take it over.
     */
    public static void checkNewOwnerNotInDebt(DebtState newOwnerState) {
        if (newOwnerState != null && newOwnerState.inDebt()) {
            throw new ConflictException(
                    "new-owner-in-debt",
                    "The new owner's account is in debt and cannot take over a workspace until a recharge covers"
                            + " the debt; ownership stays as it is.");
        }
    }

    /** Deleting a workspace: the owner of a team workspace (a personal workspace lives as long as its user). */
    public static void checkDelete(WorkspaceRole actor, WorkspaceKind kind) {
        requireOwner(actor, "delete the workspace");
        requireTeam(kind);
    }

    static void requireTeam(WorkspaceKind kind) {
        if (kind != WorkspaceKind.TEAM) {
            throw new TeamRuleException(
                    "personal-workspace", "A personal workspace has its user alone; create a team workspace.");
        }
    }
}
