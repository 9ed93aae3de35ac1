package io.sealcloud.appstore.messaging;

import io.sealcloud.platform.tenancy.TenancyEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the runtime's tenancy projection (workspaces, members, suspension) from accounts' events
 * (sealcloud.accounts.v1) through the idempotent inbox: each event's effect commits with its id, so a redelivery is a
 * no-op. The app store needs no other accounts event; the rest are acknowledged.
 */
@ApplicationScoped
public class AccountsEventsConsumer {

    /** The inbox's deduplication scope; never rename it (a new name re-applies every retained event). */
    static final String CONSUMER = "appstore-workspaces";

    private final TenancyEvents tenancy;

    public AccountsEventsConsumer(TenancyEvents tenancy) {
        this.tenancy = tenancy;
    }

    @Incoming("accounts-events")
    public Uni<Void> onAccountsEvent(ConsumerRecord<String, byte[]> record) {
        return tenancy.process(CONSUMER, record);
    }
}
