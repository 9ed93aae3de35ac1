package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Who owned each workspace when ({@code workspace_owners}): its first row is written by the database when the workspace
 * is created; {@link #moveOwner} writes each change. Charges are booked to {@link #ownerAt} their window.
 */
@ApplicationScoped
public class OwnershipHistoryRepository {

    private static final String CLOSE = """
            UPDATE workspace_owners SET owned_until = :at
             WHERE workspace_id = :workspace AND owned_until IS NULL""";

    private static final String OPEN = """
            INSERT INTO workspace_owners (workspace_id, owner_id, owned_from) VALUES (:workspace, :owner, :at)""";

    private static final String OWNER_AT = """
            SELECT owner_id FROM workspace_owners
             WHERE workspace_id = :workspace AND owned_from <= :at AND (owned_until IS NULL OR owned_until > :at)
             ORDER BY owned_from DESC LIMIT 1""";

    /** In the caller's transaction: the current owner's period ends at {@code at}, {@code newOwnerId}'s begins. */
    public Uni<Void> moveOwner(String workspaceId, String newOwnerId, Instant at) {
        OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(CLOSE)
                        .setParameter("at", when)
                        .setParameter("workspace", workspaceId)
                        .executeUpdate()
                        .chain(() -> session.createNativeQuery(OPEN)
                                .setParameter("workspace", workspaceId)
                                .setParameter("owner", newOwnerId)
                                .setParameter("at", when)
                                .executeUpdate()))
                .replaceWithVoid();
    }

    /** Who owned the workspace at {@code at}, or null when the history does not cover that moment. */
    public Uni<String> ownerAt(String workspaceId, Instant at) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(OWNER_AT, String.class)
                        .setParameter("workspace", workspaceId)
                        .setParameter("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                        .getResultList())
                .map((List<String> owners) -> owners.isEmpty() ? null : owners.get(0));
    }
}
