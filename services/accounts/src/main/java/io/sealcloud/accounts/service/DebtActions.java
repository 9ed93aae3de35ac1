package io.sealcloud.accounts.service;

import io.sealcloud.accounts.domain.Account;
import io.sealcloud.accounts.repository.AccountRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * What the debt ladder asks of the owner's workspaces, in the ledger's transaction: entering debt suspends every
 * workspace the account's user owns (reason {@code debt}), a credit that takes the balance above zero lifts that
 * reason (a workspace another reason still holds, e.g. {@code ops}, stays suspended), final deletion deletes the
 * workspaces. Every step acts on the workspaces the user owns at that moment (under the account's row lock), so a
 * workspace follows its current owner: created or transferred, it gets its owner's state in that transaction. Scaling
 * and deleting workloads (debt-deletion) is the controller's job, driven by the Workspace resource (the sync sets
 * {@code spec.deleteWorkloads} from the current owner's account state).
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
     * For a transfer of ownership, first thing in its transaction: locks the former and the new owner's accounts in id
     * order (every transfer takes them in that order, so two transfers between the same users cannot deadlock), as the
     * ledger does before a move on the ladder. The transfer is thereby serialized with every move of either account:
     * a move into debt, out of it, or to final deletion either happened before (the transfer sees the new state, and
     * the workspace's {@code debt} reason as it left it) or waits for the transfer's commit (and then sees the new
     * owner). Returns the new owner's account (null when they have none).
     */
    public Uni<Account> lockForTransfer(String formerOwnerId, String newOwnerId) {
        boolean formerFirst = formerOwnerId.compareTo(newOwnerId) <= 0;
        String first = formerFirst ? formerOwnerId : newOwnerId;
        String second = formerFirst ? newOwnerId : formerOwnerId;
        return accounts.lock(first)
                .chain(firstAccount ->
                        accounts.lock(second).map(secondAccount -> formerFirst ? secondAccount : firstAccount));
    }

    /**
     * After a transfer to an owner who is not in debt (a transfer to a debtor is refused): the workspace no longer pays
     * for its former owner's debt, so the {@code debt} reason is lifted (with {@code workspace.suspension-changed} in
     * the transfer's transaction when it was there; another reason such as {@code ops} stays). The former owner's debt
     * stays on their account, untouched.
     */
    public Uni<Void> releaseFromFormerOwnersDebt(String workspaceId) {
        return suspensions.lift(workspaceId, WorkspaceSuspensionService.REASON_DEBT);
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
