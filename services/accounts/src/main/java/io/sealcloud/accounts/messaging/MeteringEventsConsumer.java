package io.sealcloud.accounts.messaging;

import io.sealcloud.accounts.service.ChargeService;
import io.sealcloud.contracts.metering.ChargeCreatedV1;
import io.sealcloud.contracts.metering.MeteringEvents;
import io.sealcloud.platform.inbox.Inbox;
import io.sealcloud.platform.inbox.ReceivedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads metering's topic through the idempotent inbox: a redelivered record (same {@code ce_id}) is skipped, and a
 * charge published twice under two ids is still debited once (the ledger's unique charge id). Types other than
 * {@code charge.created} are acknowledged and skipped.
 */
@ApplicationScoped
public class MeteringEventsConsumer {

    /** The inbox scope: keep it stable (renaming it would re-apply every retained event). */
    static final String CONSUMER = "accounts-charges";

    private final Inbox inbox;
    private final ChargeService charges;

    public MeteringEventsConsumer(Inbox inbox, ChargeService charges) {
        this.inbox = inbox;
        this.charges = charges;
    }

    @Incoming("metering-events")
    public Uni<Void> onMeteringEvent(ConsumerRecord<String, byte[]> record) {
        return inbox.process(CONSUMER, record, this::apply);
    }

    private Uni<Void> apply(ReceivedEvent event) {
        if (MeteringEvents.CHARGE_CREATED.type().equals(event.type())) {
            return charges.apply(event.dataAs(ChargeCreatedV1.class));
        }
        return Uni.createFrom().voidItem();
    }
}
