package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sealcloud.accounts.domain.MemberInfo;
import io.sealcloud.accounts.domain.Membership;
import io.sealcloud.accounts.domain.PageOf;
import io.sealcloud.accounts.domain.WorkspaceRole;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Memberships: who belongs to which workspace in which role. */
@ApplicationScoped
public class MembershipRepository implements PanacheRepositoryBase<Membership, Membership.Key> {

    private static final String MEMBER_SELECT = """
            select new io.sealcloud.accounts.domain.MemberInfo(
                   m.key.workspaceId, m.key.userId, u.username, u.email, u.name, m.role, m.createdAt)
              from Membership m join User u on u.id = m.key.userId
            """;

    /** The caller's role in a workspace, or null when they are not a member. */
    public Uni<WorkspaceRole> roleOf(String workspaceId, String userId) {
        return findById(new Membership.Key(workspaceId, userId)).map(m -> m == null ? null : m.role);
    }

    /** One member with their profile, or null. */
    public Uni<MemberInfo> findMember(String workspaceId, String userId) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                MEMBER_SELECT + " where m.key.workspaceId = :ws and m.key.userId = :user",
                                MemberInfo.class)
                        .setParameter("ws", workspaceId)
                        .setParameter("user", userId)
                        .getSingleResultOrNull());
    }

    /** A page of a workspace's members, oldest first. */
    public Uni<PageOf<MemberInfo>> page(String workspaceId, int page, int size) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                MEMBER_SELECT + " where m.key.workspaceId = :ws order by m.createdAt, m.key.userId",
                                MemberInfo.class)
                        .setParameter("ws", workspaceId)
                        .setFirstResult(PageOffsets.firstRow(page, size))
                        .setMaxResults(size)
                        .getResultList())
                .chain(items ->
                        count("key.workspaceId", workspaceId).map(total -> new PageOf<>(items, page, size, total)));
    }

    /** Every member of one workspace. */
    public Uni<List<MemberInfo>> ofWorkspace(String workspaceId) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                MEMBER_SELECT + " where m.key.workspaceId = :ws", MemberInfo.class)
                        .setParameter("ws", workspaceId)
                        .getResultList());
    }

    /** Every membership of every workspace (for the sync). */
    public Uni<List<MemberInfo>> all() {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(MEMBER_SELECT, MemberInfo.class)
                        .getResultList());
    }
}
