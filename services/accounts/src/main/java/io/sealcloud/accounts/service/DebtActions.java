package io.sealcloud.accounts.service;

import io.sealcloud.accounts.repository.AccountRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * What the debt ladder asks of the owner's workspaces, in the ledger's transaction: entering debt suspends every
 * workspace the account's user owns (reason {@code debt}), a credit that takes the balance above zero lifts that
 * reason (a workspace another reason still holds, e.g. {@code ops}, stays suspended), final deletion deletes the
 * workspaces. Scaling and deleting workloads (debt-deletion) is the controller's job, driven by the Workspace resource
 * (the sync sets {@code spec.deleteWorkloads} from the account's state).
 */
@ApplicationScoped
public class DebtActions {

    private final WorkspaceSuspensionService suspensions;
    private final WorkspaceDeletion deletion;
    private final AccountRepository accounts;

    public DebtActions(WorkspaceSuspensionService suspensions, WorkspaceDeletion deletion, AccountRepository accounts) {
        this.suspensions = suspensions;
        this.deletion = deletion;
        this.accounts = accounts;
    }

    /**
     * For a workspace being created (in its transaction): if its owner's account is in debt, it starts suspended
     * (reason {@code debt}) like the owner's other workspaces — the ladder suspends on the move into debt only, so
     * without this a debtor could run workloads in a new workspace. The account row is locked, as the ledger does, so
     * a concurrent move into debt either sees this workspace or is seen here.
     */
    public Uni<Void> suspendIfOwnerInDebt(String workspaceId, String ownerId) {
        return accounts.lock(ownerId)
                .chain(account -> account != null && account.state().inDebt()
                        ? suspensions.suspend(workspaceId, WorkspaceSuspensionService.REASON_DEBT)
                        : Uni.createFrom().voidItem());
    }

    /**
     * Final deletion: deletes every workspace the user owns (tombstones keep the owner for late charges; {@code
     * workspace.deleted} each). The sync then deletes their Workspace resources and with them the namespaces.
     */
    public Uni<Void> deleteWorkspaces(String userId, Instant now) {
        return deletion.deleteOwnedBy(userId, "final deletion: the owner's account stayed in debt", now)
                .replaceWithVoid();
    }

    public Uni<Void> suspend(String userId) {
        return suspensions.suspendOwnedBy(userId, WorkspaceSuspensionService.REASON_DEBT);
    }

    public Uni<Void> lift(String userId) {
        return suspensions.liftOwnedBy(userId, WorkspaceSuspensionService.REASON_DEBT);
    }
}
