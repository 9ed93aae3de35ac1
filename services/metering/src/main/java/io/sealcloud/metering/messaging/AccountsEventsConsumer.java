package io.sealcloud.metering.messaging;

import io.sealcloud.contracts.accounts.AccountDebtStateChangedV1;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.metering.repository.WorkspaceFactsRepository;
import io.sealcloud.platform.inbox.ReceivedEvent;
import io.sealcloud.platform.tenancy.TenancyEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the workspace projection from accounts' events (sealcloud.accounts.v1), through the idempotent inbox: the
 * runtime's tenancy projection takes workspaces, members and suspensions, this class adds the owners' debt states.
 * Each event's effect commits with its id, so a redelivery is a no-op. Types metering does not need are acknowledged.
 */
@ApplicationScoped
public class AccountsEventsConsumer {

    /** The inbox's deduplication scope; never rename it (a new name re-applies every retained event). */
    static final String CONSUMER = "metering-workspaces";

    private final TenancyEvents tenancy;
    private final WorkspaceFactsRepository workspaces;

    public AccountsEventsConsumer(TenancyEvents tenancy, WorkspaceFactsRepository workspaces) {
        this.tenancy = tenancy;
        this.workspaces = workspaces;
    }

    @Incoming("accounts-events")
    public Uni<Void> onAccountsEvent(ConsumerRecord<String, byte[]> record) {
        return tenancy.process(CONSUMER, record, this::applyOwn);
    }

    /** The types only metering needs, in the same inbox transaction as the shared ones. */
    Uni<Void> applyOwn(ReceivedEvent event) {
        if (event.type().equals(AccountsEvents.ACCOUNT_DEBT_STATE_CHANGED.type())) {
            // Still needed: it decides for workspaces that have had no suspension event yet (suspended for debt before
            // accounts published workspace.suspension-changed); see WorkspaceFactsRepository.
            AccountDebtStateChangedV1 debt = event.dataAs(AccountDebtStateChangedV1.class);
            return workspaces.debtStateChanged(debt.accountId(), debt.state(), debt.changedAt());
        }
        return Uni.createFrom().voidItem();
    }
}
