package io.sealcloud.platform.tenancy;

import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.contracts.accounts.MemberAddedV1;
import io.sealcloud.contracts.accounts.MemberChangedV1;
import io.sealcloud.contracts.accounts.MemberRemovedV1;
import io.sealcloud.contracts.accounts.WorkspaceCreatedV1;
import io.sealcloud.contracts.accounts.WorkspaceDeletedV1;
import io.sealcloud.contracts.accounts.WorkspaceOwnerChangedV1;
import io.sealcloud.contracts.accounts.WorkspaceSuspensionChangedV1;
import io.sealcloud.platform.inbox.Inbox;
import io.sealcloud.platform.inbox.ReceivedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Applies accounts' events (sealcloud.accounts.v1) to the {@link TenancyProjection} through the idempotent inbox, so a
 * service's consumer is its {@code @Incoming} method, its consumer name and the event types only it needs:
 *
 * <pre>{@code
 * @Incoming("accounts-events")
 * public Uni<Void> onAccountsEvent(ConsumerRecord<String, byte[]> record) {
 *     return tenancy.process("metering-workspaces", record, this::applyOwn);
 * }
 * }</pre>
 *
 * The consumer name is the inbox's deduplication scope: never rename it, a new name re-applies every retained event.
 */
@ApplicationScoped
public class TenancyEvents {

    private final Inbox inbox;
    private final TenancyProjection projection;

    public TenancyEvents(Inbox inbox, TenancyProjection projection) {
        this.inbox = inbox;
        this.projection = projection;
    }

    /** Processes the record once per consumer; types the projection does not apply are acknowledged and skipped. */
    public Uni<Void> process(String consumer, ConsumerRecord<?, byte[]> record) {
        return process(consumer, record, TenancyEvents::skip);
    }

    /**
     * Processes the record once per consumer: the projection's types are applied here, every other type is handed to
     * {@code others} (in the same inbox transaction, so its writes commit with the event's id too).
     */
    public Uni<Void> process(
            String consumer, ConsumerRecord<?, byte[]> record, Function<ReceivedEvent, Uni<Void>> others) {
        return inbox.process(consumer, record, event -> apply(event, others));
    }

    /** {@link #process(String, ConsumerRecord, Function)} for an event already parsed (tests, replays). */
    public Uni<Void> process(String consumer, ReceivedEvent event, Function<ReceivedEvent, Uni<Void>> others) {
        return inbox.process(consumer, event, e -> apply(e, others));
    }

    /** The effect alone, for callers that run it inside a transaction of their own. */
    public Uni<Void> apply(ReceivedEvent event, Function<ReceivedEvent, Uni<Void>> others) {
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
            // The whole membership again (role + time), so it is the same upsert as member.added.
            MemberChangedV1 changed = event.dataAs(MemberChangedV1.class);
            return projection.memberAdded(changed.workspaceId(), changed.userId(), changed.role(), changed.changedAt());
        } else if (type.equals(AccountsEvents.MEMBER_REMOVED.type())) {
            MemberRemovedV1 removed = event.dataAs(MemberRemovedV1.class);
            return projection.memberRemoved(removed.workspaceId(), removed.userId(), removed.removedAt());
        } else if (type.equals(AccountsEvents.WORKSPACE_OWNER_CHANGED.type())) {
            WorkspaceOwnerChangedV1 changed = event.dataAs(WorkspaceOwnerChangedV1.class);
            return projection.ownerChanged(changed.workspaceId(), changed.newOwnerId(), changed.changedAt());
        } else if (type.equals(AccountsEvents.WORKSPACE_SUSPENSION_CHANGED.type())) {
            WorkspaceSuspensionChangedV1 changed = event.dataAs(WorkspaceSuspensionChangedV1.class);
            return projection.suspensionChanged(
                    changed.workspaceId(), changed.suspended(), changed.reasons(), changed.changedAt());
        }
        return others.apply(event);
    }

    private static Uni<Void> skip(ReceivedEvent event) {
        return Uni.createFrom().voidItem();
    }
}
