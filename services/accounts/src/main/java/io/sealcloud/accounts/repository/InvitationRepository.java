package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.sealcloud.accounts.domain.Invitation;
import io.sealcloud.accounts.domain.PageOf;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Invitations; state changes are conditional updates, so a code is used at most once under any concurrency. */
@ApplicationScoped
public class InvitationRepository implements PanacheRepositoryBase<Invitation, String> {

    // Single use: only the statement that moves a pending, unexpired invitation on reports 1 row.
    private static final String RESOLVE = """
            UPDATE invitations SET state = :state, resolved_by = :userId, resolved_at = :now
             WHERE id = :id AND state = 'pending' AND expires_at > :now""";

    private static final String REVOKE = """
            UPDATE invitations SET state = 'revoked', resolved_by = :userId, resolved_at = :now
             WHERE id = :id AND workspace_id = :workspaceId AND state = 'pending'""";

    public Uni<Invitation> findByCodeHash(String codeSha256) {
        return find("codeSha256", codeSha256).firstResult();
    }

    /** Moves a pending, unexpired invitation to accepted or declined; true for the one call that did. */
    public Uni<Boolean> resolve(String id, String state, String userId, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(RESOLVE)
                        .setParameter("state", state)
                        .setParameter("userId", userId)
                        .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .setParameter("id", id)
                        .executeUpdate())
                .map(updated -> updated == 1);
    }

    /** Revokes a pending invitation of this workspace; true when it did. */
    public Uni<Boolean> revoke(String workspaceId, String id, String userId, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(REVOKE)
                        .setParameter("userId", userId)
                        .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .setParameter("id", id)
                        .setParameter("workspaceId", workspaceId)
                        .executeUpdate())
                .map(updated -> updated == 1);
    }

    /** A page of a workspace's invitations, newest first. */
    public Uni<PageOf<Invitation>> page(String workspaceId, int page, int size) {
        return find("workspaceId", Sort.descending("createdAt").and("id"), workspaceId)
                // Not .page(page, size): Panache multiplies them as ints.
                .range(PageOffsets.firstRow(page, size), PageOffsets.lastRow(page, size))
                .list()
                .chain(items -> count("workspaceId", workspaceId).map(total -> new PageOf<>(items, page, size, total)));
    }
}
