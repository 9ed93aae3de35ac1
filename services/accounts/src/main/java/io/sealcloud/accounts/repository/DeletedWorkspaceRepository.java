package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.domain.Workspace;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Tombstones of deleted workspaces (table deleted_workspaces): who owned them, for charges that arrive late. */
@ApplicationScoped
public class DeletedWorkspaceRepository {

    private static final String INSERT = """
            INSERT INTO deleted_workspaces (id, name, kind, owner_id, namespace, deleted_by, deleted_at)
            VALUES (:id, :name, :kind, :ownerId, :namespace, :by, :at)
            ON CONFLICT (id) DO NOTHING""";

    /** Records the workspace as deleted (joins the current transaction). */
    public Uni<Void> record(Workspace workspace, String by, Instant at) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("id", workspace.id)
                        .setParameter("name", workspace.name)
                        .setParameter("kind", workspace.kind.wire())
                        .setParameter("ownerId", workspace.ownerId)
                        .setParameter("namespace", workspace.namespace)
                        .setParameter("by", by)
                        .setParameter("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** The owner of a deleted workspace at the time it was deleted; null when no such workspace was deleted. */
    public Uni<String> ownerOf(String workspaceId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT owner_id FROM deleted_workspaces WHERE id = :id", String.class)
                        .setParameter("id", workspaceId)
                        .getSingleResultOrNull());
    }
}
