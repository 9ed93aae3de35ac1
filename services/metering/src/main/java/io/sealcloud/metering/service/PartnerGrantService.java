package io.sealcloud.metering.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.metering.domain.MeteredResources;
import io.sealcloud.metering.repository.PartnerGrantRepository;
import io.sealcloud.metering.repository.PartnerGrantRepository.Grant;
import io.sealcloud.metering.repository.WorkspaceFactsRepository;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import io.sealcloud.platform.tenancy.TenancyProjection;
import io.sealcloud.platform.tenancy.WorkspaceRole;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A workspace's partner grants: the owner (or an operator) lets a partner client report usage for the workspace, and
 * takes that back. Members may read them; for anyone else the workspace does not exist (404), and a member who is not
 * the owner may not change them (403).
 */
@ApplicationScoped
public class PartnerGrantService {

    private static final Logger LOG = Logger.getLogger(PartnerGrantService.class);

    /** The outcome of a grant: the grant and whether this call created it. */
    public record Granted(Grant grant, boolean created) {}

    private final PartnerGrantRepository grants;
    private final TenancyProjection tenancy;
    private final WorkspaceFactsRepository workspaces;
    private final Clock clock;

    public PartnerGrantService(
            PartnerGrantRepository grants,
            TenancyProjection tenancy,
            WorkspaceFactsRepository workspaces,
            Clock clock) {
        this.grants = grants;
        this.tenancy = tenancy;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    public Uni<List<Grant>> list(String workspaceId, String userId, boolean operator) {
        return Panache.withSession(
                () -> access(workspaceId, userId, operator, false).chain(() -> grants.list(workspaceId)));
    }

    /** Grants {@code clientId} (idempotent: granting again returns the first grant). */
    public Uni<Granted> grant(String workspaceId, String clientId, String userId, boolean operator) {
        requireClientId(clientId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> access(workspaceId, userId, operator, true)
                        .chain(() -> grants.grant(workspaceId, clientId, userId, now))
                        .chain(created -> grants.find(workspaceId, clientId)
                                .map(found -> new Granted(found.orElseThrow(), created))))
                .invoke(g -> {
                    if (g.created()) {
                        LOG.infof(
                                "Granted partner %s usage reporting for workspace %s (by %s)",
                                clientId, workspaceId, userId);
                    }
                });
    }

    /** Revokes {@code clientId}; its later usage events for the workspace are refused (idempotent). */
    public Uni<Void> revoke(String workspaceId, String clientId, String userId, boolean operator) {
        requireClientId(clientId);
        return Panache.withTransaction(() ->
                        access(workspaceId, userId, operator, true).chain(() -> grants.revoke(workspaceId, clientId)))
                .invoke(removed -> {
                    if (removed) {
                        LOG.infof("Revoked partner %s for workspace %s (by %s)", clientId, workspaceId, userId);
                    }
                })
                .replaceWithVoid();
    }

    /** 404 unless the workspace exists for the caller; 403 for a member who is not its owner when changing. */
    private Uni<Void> access(String workspaceId, String userId, boolean operator, boolean change) {
        if (operator) {
            return workspaces
                    .find(workspaceId)
                    .invoke(found -> {
                        if (found.isEmpty() || found.get().deleted()) {
                            throw ProblemException.notFound("Workspace", workspaceId);
                        }
                    })
                    .replaceWithVoid();
        }
        return tenancy.membership(workspaceId, userId)
                .invoke(member -> {
                    if (member.isEmpty()) {
                        throw ProblemException.notFound("Workspace", workspaceId);
                    }
                    if (change && member.get().role() != WorkspaceRole.OWNER) {
                        throw ProblemException.forbidden("Only the workspace's owner grants or revokes partners.");
                    }
                })
                .replaceWithVoid();
    }

    private static void requireClientId(String clientId) {
        if (clientId == null || !MeteredResources.PARTNER_PART.matcher(clientId).matches()) {
            throw ProblemException.badRequest(
                    "Not a partner client id.",
                    List.of(Problem.Violation.atParameter("clientId", "must be 1-100 of [A-Za-z0-9._-]")));
        }
    }
}
