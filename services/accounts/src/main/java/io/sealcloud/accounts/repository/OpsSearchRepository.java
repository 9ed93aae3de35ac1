package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.domain.PageOf;
import io.sealcloud.accounts.domain.QuotaOverrides;
import io.sealcloud.accounts.domain.UserProfile;
import io.sealcloud.accounts.domain.Workspace;
import io.sealcloud.accounts.domain.WorkspaceInfo;
import io.sealcloud.accounts.domain.WorkspaceState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Case-insensitive substring search over users and workspaces for ops; an empty query lists everything. */
@ApplicationScoped
public class OpsSearchRepository {

    // An empty query matches everything through '%%' (like() of ""), so the statement has one shape.
    private static final String USER_WHERE = """
             where lower(u.username) like :like escape '!' or lower(coalesce(u.email, '')) like :like escape '!'
                or lower(coalesce(u.name, '')) like :like escape '!' or u.id = :q""";

    private static final String WORKSPACE_WHERE = """
             where lower(w.name) like :like escape '!' or lower(w.displayName) like :like escape '!'
                or w.id = :q or lower(u.username) like :like escape '!' or w.ownerId = :q""";

    private final SuspensionRepository suspensions;

    public OpsSearchRepository(SuspensionRepository suspensions) {
        this.suspensions = suspensions;
    }

    public Uni<PageOf<UserProfile>> users(String query, int page, int size) {
        String q = normalize(query);
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "select new io.sealcloud.accounts.domain.UserProfile(u.id, u.username, u.email, u.name)"
                                        + " from User u " + USER_WHERE + " order by u.username, u.id",
                                UserProfile.class)
                        .setParameter("q", q)
                        .setParameter("like", like(q))
                        .setFirstResult(PageOffsets.firstRow(page, size))
                        .setMaxResults(size)
                        .getResultList()
                        .chain(items -> session.createSelectionQuery(
                                        "select count(u) from User u " + USER_WHERE, Long.class)
                                .setParameter("q", q)
                                .setParameter("like", like(q))
                                .getSingleResult()
                                .map(total -> new PageOf<>(items, page, size, total))));
    }

    public Uni<PageOf<WorkspaceState>> workspaces(String query, int page, int size) {
        String q = normalize(query);
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "select w, u.username from Workspace w join User u on u.id = w.ownerId "
                                        + WORKSPACE_WHERE + " order by w.createdAt, w.id",
                                Object[].class)
                        .setParameter("q", q)
                        .setParameter("like", like(q))
                        .setFirstResult(PageOffsets.firstRow(page, size))
                        .setMaxResults(size)
                        .getResultList()
                        .chain(rows -> session.createSelectionQuery(
                                        "select count(w) from Workspace w join User u on u.id = w.ownerId "
                                                + WORKSPACE_WHERE,
                                        Long.class)
                                .setParameter("q", q)
                                .setParameter("like", like(q))
                                .getSingleResult()
                                .chain(total -> suspensions.allReasons().map(reasons -> {
                                    List<WorkspaceState> items = rows.stream()
                                            .map(row -> state((Workspace) row[0], (String) row[1], reasons))
                                            .toList();
                                    return new PageOf<>(items, page, size, total);
                                }))));
    }

    private static WorkspaceState state(Workspace w, String ownerUsername, Map<String, SortedSet<String>> reasons) {
        WorkspaceInfo info = new WorkspaceInfo(
                w.id,
                w.name,
                w.displayName,
                w.kind,
                w.ownerId,
                ownerUsername,
                w.namespace,
                w.ready,
                w.phase,
                w.statusMessage,
                w.createdAt);
        QuotaOverrides quota = w.quota();
        return new WorkspaceState(info, List.of(), reasons.getOrDefault(w.id, new TreeSet<>()), quota, false);
    }

    private static String normalize(String query) {
        return query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code %query%} with LIKE's own characters escaped (escape character {@code !}: no backslash to quote in HQL),
     * so a query is always a plain substring.
     */
    static String like(String q) {
        return "%"
                + q.chars()
                        .mapToObj(c -> c == '%' || c == '_' || c == '!' ? "!" + (char) c : String.valueOf((char) c))
                        .collect(Collectors.joining())
                + "%";
    }
}
