package io.sealcloud.clusters.service;

import io.sealcloud.clusters.domain.ClusterRuleException;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import java.util.List;

/** The problems (RFC 9457) of the clusters API, in one place so that their slugs stay stable. */
public final class ClusterProblems {

    private ClusterProblems() {}

    /** A refusal of the domain rules as a problem: 400 with a pointer, 409 or 422. */
    public static ProblemException of(ClusterRuleException e) {
        List<Problem.Violation> errors =
                e.pointer() == null ? List.of() : List.of(Problem.Violation.atPointer(e.pointer(), e.getMessage()));
        return switch (e.kind()) {
            case INVALID ->
                ProblemException.badRequest("The request has an invalid value: " + e.getMessage() + ".", errors);
            case CONFLICT -> new ProblemException(409, e.slug(), title(e.slug()), e.getMessage(), errors);
            case UNPROCESSABLE -> new ProblemException(422, e.slug(), title(e.slug()), e.getMessage(), errors);
        };
    }

    public static ProblemException forbidden() {
        return ProblemException.forbidden(
                "Only the workspace's owners and managers may create, change or delete clusters.");
    }

    public static ProblemException exists(String name) {
        return ProblemException.conflict(
                "cluster-exists",
                "A cluster named '" + name + "' already exists in this workspace; choose another name.");
    }

    public static ProblemException deleting(String name) {
        return ProblemException.conflict("cluster-deleting", "Cluster '" + name + "' is being deleted.");
    }

    public static ProblemException hibernated(String name) {
        return ProblemException.conflict(
                "cluster-hibernated", "Cluster '" + name + "' is hibernated: wake it before upgrading it.");
    }

    public static ProblemException suspended(String workspaceId, List<String> reasons) {
        return new ProblemException(
                409,
                "workspace-suspended",
                "Workspace suspended",
                "Workspace " + workspaceId + " is suspended (" + String.join(", ", reasons)
                        + "): its clusters sleep and nothing new is admitted until it is resumed.");
    }

    private static String title(String slug) {
        String words = slug.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
