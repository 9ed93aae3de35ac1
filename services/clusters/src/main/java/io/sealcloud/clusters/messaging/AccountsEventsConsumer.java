package io.sealcloud.clusters.messaging;

import io.sealcloud.clusters.service.ClusterService;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.contracts.accounts.WorkspaceSuspensionChangedV1;
import io.sealcloud.platform.inbox.Inbox;
import io.sealcloud.platform.inbox.ReceivedEvent;
import io.sealcloud.platform.tenancy.TenancyEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the runtime's tenancy projection (workspaces, members, suspension) from accounts' events
 * (sealcloud.accounts.v1) through the idempotent inbox, and hibernates or wakes the workspace's clusters when its
 * suspension changes, in the same inbox transaction (so a redelivery changes nothing twice).
 */
@ApplicationScoped
public class AccountsEventsConsumer {

    /** The inbox's deduplication scope; never rename it (a new name re-applies every retained event). */
    static final String CONSUMER = "clusters-workspaces";

    private final Inbox inbox;
    private final TenancyEvents tenancy;
    private final ClusterService clusters;

    public AccountsEventsConsumer(Inbox inbox, TenancyEvents tenancy, ClusterService clusters) {
        this.inbox = inbox;
        this.tenancy = tenancy;
        this.clusters = clusters;
    }

    @Incoming("accounts-events")
    public Uni<Void> onAccountsEvent(ConsumerRecord<String, byte[]> record) {
        return inbox.process(CONSUMER, record, this::apply);
    }

    Uni<Void> apply(ReceivedEvent event) {
        // The projection first: the suspension the clusters act on is the one now stored (newest fact wins).
        return tenancy.apply(event, ignored -> Uni.createFrom().voidItem()).chain(() -> {
            if (!event.type().equals(AccountsEvents.WORKSPACE_SUSPENSION_CHANGED.type())) {
                return Uni.createFrom().voidItem();
            }
            WorkspaceSuspensionChangedV1 changed = event.dataAs(WorkspaceSuspensionChangedV1.class);
            return clusters.suspensionChanged(changed.workspaceId());
        });
    }
}
