package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sealcloud.accounts.domain.QuotaOverrides;
import io.sealcloud.accounts.domain.Workspace;
import io.sealcloud.accounts.domain.WorkspaceInfo;
import io.sealcloud.accounts.domain.WorkspaceKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Workspaces, read as {@link WorkspaceInfo} joined with the owner's username and, per member, their role. */
@ApplicationScoped
public class WorkspaceRepository implements PanacheRepositoryBase<Workspace, String> {

    private static final String INFO_SELECT = """
            select new io.sealcloud.accounts.domain.WorkspaceInfo(
                   w.id, w.name, w.displayName, w.kind, w.ownerId, u.username, w.namespace, w.ready, w.phase,
                   w.statusMessage, w.createdAt, m.role)
              from Workspace w
              join User u on u.id = w.ownerId
              join Membership m on m.key.workspaceId = w.id and m.key.userId = :userId
            """;

    // The personal workspace may be created by two first requests of one user at once: the partial unique index
    // workspaces_one_personal_per_owner makes the second insert wait for the first and then do nothing.
    private static final String INSERT_PERSONAL = """
            INSERT INTO workspaces (id, name, display_name, kind, owner_id, namespace, phase, created_at)
            VALUES (:id, :name, :displayName, 'personal', :ownerId, :namespace, 'Pending', :now)
            ON CONFLICT (owner_id) WHERE kind = 'personal' DO NOTHING""";

    private static final String MARK_READY = """
            UPDATE workspaces SET ready = true, ready_at = :now, phase = 'Ready', status_message = NULL
             WHERE id = :id AND ready = false""";

    private static final String RECORD_PHASE = """
            UPDATE workspaces SET phase = :phase, status_message = :message
             WHERE id = :id AND (phase IS DISTINCT FROM :phase OR status_message IS DISTINCT FROM :message)""";

    /** Every workspace {@code userId} is a member of, oldest first. */
    public Uni<List<WorkspaceInfo>> listForMember(String userId) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                INFO_SELECT + " order by w.createdAt, w.id", WorkspaceInfo.class)
                        .setParameter("userId", userId)
                        .getResultList());
    }

    /** The workspace if {@code userId} is a member of it, else null (a non-member cannot tell it exists). */
    public Uni<WorkspaceInfo> findForMember(String userId, String workspaceId) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(INFO_SELECT + " where w.id = :id", WorkspaceInfo.class)
                        .setParameter("userId", userId)
                        .setParameter("id", workspaceId)
                        .getSingleResultOrNull());
    }

    /** The owner's personal workspace, or null before their first sign-in. */
    public Uni<WorkspaceInfo> findPersonal(String ownerId) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                INFO_SELECT + " where w.ownerId = :userId and w.kind = :kind", WorkspaceInfo.class)
                        .setParameter("userId", ownerId)
                        .setParameter("kind", WorkspaceKind.PERSONAL)
                        .getSingleResultOrNull());
    }

    /** Inserts the personal workspace unless the owner has one; true when this call inserted it. */
    public Uni<Boolean> insertPersonalIfAbsent(Workspace workspace) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(INSERT_PERSONAL)
                        .setParameter("id", workspace.id)
                        .setParameter("name", workspace.name)
                        .setParameter("displayName", workspace.displayName)
                        .setParameter("ownerId", workspace.ownerId)
                        .setParameter("namespace", workspace.namespace)
                        .setParameter("now", OffsetDateTime.ofInstant(workspace.createdAt, ZoneOffset.UTC))
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    public Uni<Boolean> existsByOwnerAndName(String ownerId, String name) {
        return count("ownerId = ?1 and name = ?2", ownerId, name).map(n -> n > 0);
    }

    /**
     * Marks the workspace ready unless it already is; true only for the call that changed it, so what follows (the
     * ready event) happens once however often the controller sees the workspace ready.
     */
    public Uni<Boolean> markReady(String id, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(MARK_READY)
                        .setParameter("id", id)
                        .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .executeUpdate())
                .map(updated -> updated == 1);
    }

    /** Records the controller's view (phase and why not ready); writes only when it changed. */
    public Uni<Integer> recordPhase(String id, String phase, String message) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(RECORD_PHASE)
                        .setParameter("id", id)
                        .setParameter("phase", phase)
                        .setParameter("message", message)
                        .executeUpdate());
    }

    /** Every workspace with its owner's username (for the Workspace resources), role left empty. */
    public Uni<List<WorkspaceInfo>> listAllInfo() {
        return Panache.getSession()
                .chain(session ->
                        session.createSelectionQuery("""
                                select new io.sealcloud.accounts.domain.WorkspaceInfo(
                                       w.id, w.name, w.displayName, w.kind, w.ownerId, u.username, w.namespace,
                                       w.ready, w.phase, w.statusMessage, w.createdAt)
                                  from Workspace w join User u on u.id = w.ownerId
                                 order by w.createdAt, w.id""", WorkspaceInfo.class).getResultList());
    }

    /** One workspace with its owner's username, role left empty; null when unknown. */
    public Uni<WorkspaceInfo> findInfo(String id) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery("""
                                select new io.sealcloud.accounts.domain.WorkspaceInfo(
                                       w.id, w.name, w.displayName, w.kind, w.ownerId, u.username, w.namespace,
                                       w.ready, w.phase, w.statusMessage, w.createdAt)
                                  from Workspace w join User u on u.id = w.ownerId
                                 where w.id = :id""", WorkspaceInfo.class)
                        .setParameter("id", id)
                        .getSingleResultOrNull());
    }

    /** Quota overrides of every workspace that has any. */
    public Uni<java.util.Map<String, QuotaOverrides>> allQuotas() {
        return list("quotaCpu is not null or quotaMemory is not null or quotaStorage is not null"
                        + " or quotaPods is not null or quotaNodePorts is not null")
                .map(rows -> {
                    java.util.Map<String, QuotaOverrides> quotas = new java.util.HashMap<>();
                    rows.forEach(w -> quotas.put(w.id, w.quota()));
                    return quotas;
                });
    }
}
