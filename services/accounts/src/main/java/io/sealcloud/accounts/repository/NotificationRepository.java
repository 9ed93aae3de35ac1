package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sealcloud.accounts.domain.Notification;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Notifications, newest first. */
@ApplicationScoped
public class NotificationRepository implements PanacheRepositoryBase<Notification, Long> {

    public Uni<List<Notification>> page(String accountId, Long beforeId, int limit) {
        return beforeId == null
                ? find("accountId = ?1 order by id desc", accountId)
                        .page(0, limit)
                        .list()
                : find("accountId = ?1 and id < ?2 order by id desc", accountId, beforeId)
                        .page(0, limit)
                        .list();
    }
}
