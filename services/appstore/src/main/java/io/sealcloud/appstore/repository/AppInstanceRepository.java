package io.sealcloud.appstore.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.sealcloud.appstore.domain.instance.AppInstanceRow;
import io.sealcloud.appstore.domain.instance.InstanceKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** App instances. */
@ApplicationScoped
public class AppInstanceRepository implements PanacheRepositoryBase<AppInstanceRow, InstanceKey> {

    /** One page of a workspace's instances by name, and the total. */
    public record PageOf(List<AppInstanceRow> items, long total) {}

    public Uni<PageOf> page(String workspaceId, int page, int size) {
        var query = find("key.workspaceId", Sort.by("key.name"), workspaceId);
        return query.page(Page.of(page, size))
                .list()
                .chain(items -> query.count().map(total -> new PageOf(items, total)));
    }

    /**
     * Serializes the quota-checked changes (install, upgrade) of one workspace until the caller's transaction ends, so
     * each sees what the previous one committed. A transaction-scoped advisory lock: no row to lock exists for an
     * instance that is still being created, and it is released on commit or rollback whatever happens.
     */
    public Uni<Void> lockQuota(String workspaceId) {
        return getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext(:key))) AS locked")
                        .setParameter("key", "appstore-quota:" + workspaceId)
                        .getSingleResult())
                .replaceWithVoid();
    }
}
