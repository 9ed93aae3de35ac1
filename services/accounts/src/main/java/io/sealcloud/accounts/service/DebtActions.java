package io.sealcloud.accounts.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the debt ladder asks of the owner's workspaces, in the ledger's transaction: entering debt suspends every
 * workspace the account's user owns (reason {@code debt}), a credit that takes the balance above zero lifts that
 * reason (a workspace another reason still holds, e.g. {@code ops}, stays suspended). Scaling the workloads is the
 * controller's job, driven by the Workspace resource.
 */
@ApplicationScoped
public class DebtActions {

    private final WorkspaceSuspensionService suspensions;

    public DebtActions(WorkspaceSuspensionService suspensions) {
        this.suspensions = suspensions;
    }

    public Uni<Void> suspend(String userId) {
        return suspensions.suspendOwnedBy(userId, WorkspaceSuspensionService.REASON_DEBT);
    }

    public Uni<Void> lift(String userId) {
        return suspensions.liftOwnedBy(userId, WorkspaceSuspensionService.REASON_DEBT);
    }
}
