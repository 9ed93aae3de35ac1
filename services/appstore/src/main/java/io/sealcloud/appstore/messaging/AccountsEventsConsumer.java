package io.sealcloud.appstore.messaging;

import io.sealcloud.appstore.repository.WorkspaceProjection;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.contracts.accounts.MemberAddedV1;
import io.sealcloud.contracts.accounts.MemberChangedV1;
import io.sealcloud.contracts.accounts.MemberRemovedV1;
import io.sealcloud.contracts.accounts.WorkspaceCreatedV1;
import io.sealcloud.contracts.accounts.WorkspaceDeletedV1;
import io.sealcloud.contracts.accounts.WorkspaceSuspensionChangedV1;
import io.sealcloud.platform.inbox.Inbox;
import io.sealcloud.platform.inbox.ReceivedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the workspace projection from accounts' events (sealcloud.accounts.v1) through the idempotent inbox: each
 * event's effect commits with its id, so a redelivery is a no-op. Types the app store does not need are acknowledged.
 */
@ApplicationScoped
public class AccountsEventsConsumer {

    /** The inbox's deduplication scope; never rename it (a new name re-applies every retained event). */
    static final String CONSUMER = "appstore-workspaces";

    private final Inbox inbox;
    private final WorkspaceProjection projection;

    public AccountsEventsConsumer(Inbox inbox, WorkspaceProjection projection) {
        this.inbox = inbox;
        this.projection = projection;
    }

    @Incoming("accounts-events")
    public Uni<Void> onAccountsEvent(ConsumerRecord<String, byte[]> record) {
        return inbox.process(CONSUMER, record, this::apply);
    }

    Uni<Void> apply(ReceivedEvent event) {
        String type = event.type();
        if (type.equals(AccountsEvents.WORKSPACE_CREATED.type())) {
            WorkspaceCreatedV1 created = event.dataAs(WorkspaceCreatedV1.class);
            return projection.workspaceCreated(
                    created.workspaceId(), created.ownerId(), created.namespace(), created.createdAt());
        } else if (type.equals(AccountsEvents.WORKSPACE_DELETED.type())) {
            WorkspaceDeletedV1 deleted = event.dataAs(WorkspaceDeletedV1.class);
            return projection.workspaceDeleted(deleted.workspaceId(), deleted.namespace(), deleted.deletedAt());
        } else if (type.equals(AccountsEvents.MEMBER_ADDED.type())) {
            MemberAddedV1 added = event.dataAs(MemberAddedV1.class);
            return projection.memberAdded(added.workspaceId(), added.userId(), added.role(), added.addedAt());
        } else if (type.equals(AccountsEvents.MEMBER_CHANGED.type())) {
            MemberChangedV1 changed = event.dataAs(MemberChangedV1.class);
            return projection.memberAdded(changed.workspaceId(), changed.userId(), changed.role(), changed.changedAt());
        } else if (type.equals(AccountsEvents.MEMBER_REMOVED.type())) {
            MemberRemovedV1 removed = event.dataAs(MemberRemovedV1.class);
            return projection.memberRemoved(removed.workspaceId(), removed.userId(), removed.removedAt());
        } else if (type.equals(AccountsEvents.WORKSPACE_SUSPENSION_CHANGED.type())) {
            WorkspaceSuspensionChangedV1 s = event.dataAs(WorkspaceSuspensionChangedV1.class);
            return projection.suspensionChanged(
                    s.workspaceId(), s.namespace(), s.suspended(), s.reasons(), s.changedAt());
        }
        return Uni.createFrom().voidItem();
    }
}
