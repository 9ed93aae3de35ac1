package io.sealcloud.appstore.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.sealcloud.appstore.domain.instance.AppRevision;
import io.sealcloud.appstore.domain.instance.RevisionKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Revisions of app instances (immutable but for their outcome). */
@ApplicationScoped
public class AppRevisionRepository implements PanacheRepositoryBase<AppRevision, RevisionKey> {

    /** One page of an instance's revisions, newest first, and the total. */
    public record PageOf(List<AppRevision> items, long total) {}

    public Uni<PageOf> page(String workspaceId, String instance, int page, int size) {
        var query = find(
                "key.workspaceId = ?1 and key.instance = ?2", Sort.descending("key.revision"), workspaceId, instance);
        return query.page(Page.of(page, size))
                .list()
                .chain(items -> query.count().map(total -> new PageOf(items, total)));
    }

    public Uni<List<AppRevision>> all(String workspaceId, String instance) {
        return list(
                "key.workspaceId = ?1 and key.instance = ?2", Sort.descending("key.revision"), workspaceId, instance);
    }

    /** Deletes revisions older than the newest {@code keep}; the current one is always among those. */
    public Uni<Long> pruneOlderThan(String workspaceId, String instance, int newest, int keep) {
        return delete(
                "key.workspaceId = ?1 and key.instance = ?2 and key.revision <= ?3",
                workspaceId,
                instance,
                newest - keep);
    }

    /**
     * The current revision of every instance in the workspace but {@code except} (null: none excepted). Instances
     * being uninstalled count too: their objects exist until the controller has removed them.
     */
    public Uni<List<AppRevision>> currentInWorkspace(String workspaceId, String except) {
        return list("""
                from AppRevision r where r.key.workspaceId = ?1 and r.key.instance <> ?2
                and r.key.revision = (select i.revision from AppInstanceRow i
                    where i.key.workspaceId = r.key.workspaceId and i.key.name = r.key.instance)
                """, workspaceId, except == null ? "" : except);
    }
}
