package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.AccessDeniedException;
import io.sealcloud.accounts.domain.ConflictException;
import io.sealcloud.accounts.domain.InvitationException;
import io.sealcloud.accounts.domain.MemberNotFoundException;
import io.sealcloud.accounts.domain.NotReadyException;
import io.sealcloud.accounts.domain.OwnershipTransferException;
import io.sealcloud.accounts.domain.TeamRuleException;
import io.sealcloud.accounts.domain.WorkspaceNotFoundException;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Turns the domain's refusals into problems. Resources apply {@link #map} to their Uni, so the runtime's problem
 * mappers render them like any other {@link ProblemException}.
 */
final class TeamProblems {

    private TeamProblems() {}

    static <T> Uni<T> map(Uni<T> uni, String workspaceId) {
        return uni.onFailure().transform(failure -> toProblem(failure, workspaceId));
    }

    static Throwable toProblem(Throwable failure, String workspaceId) {
        if (failure instanceof WorkspaceNotFoundException) {
            return ProblemException.notFound("Workspace", workspaceId);
        }
        if (failure instanceof AccessDeniedException denied) {
            return ProblemException.forbidden(denied.getMessage());
        }
        if (failure instanceof TeamRuleException rule) {
            return ProblemException.unprocessable(rule.slug(), rule.getMessage());
        }
        if (failure instanceof ConflictException conflict) {
            return ProblemException.conflict(conflict.slug(), conflict.getMessage());
        }
        if (failure instanceof MemberNotFoundException missing) {
            return new ProblemException(404, "member-not-found", "Not Found", missing.getMessage());
        }
        if (failure instanceof NotReadyException notReady) {
            return new ProblemException(503, "not-ready", "Service Unavailable", notReady.getMessage())
                    .withHeader("Retry-After", "5");
        }
        if (failure instanceof OwnershipTransferException transfer) {
            return switch (transfer.kind()) {
                case NOT_FOUND ->
                    new ProblemException(404, "ownership-transfer-not-found", "Not Found", transfer.getMessage());
                case EXPIRED -> new ProblemException(410, "ownership-transfer-expired", "Gone", transfer.getMessage());
            };
        }
        if (failure instanceof InvitationException invitation) {
            return switch (invitation.kind()) {
                case NOT_FOUND ->
                    new ProblemException(404, "invitation-not-found", "Not Found", invitation.getMessage());
                case USED -> new ProblemException(410, "invitation-used", "Gone", invitation.getMessage());
                case EXPIRED -> new ProblemException(410, "invitation-expired", "Gone", invitation.getMessage());
                case EMAIL_MISMATCH ->
                    new ProblemException(403, "invitation-email-mismatch", "Forbidden", invitation.getMessage());
            };
        }
        return failure;
    }
}
