package io.sealcloud.metering.service;

import io.sealcloud.contracts.metering.ChargeCreatedV1;
import io.sealcloud.contracts.metering.MeteringEvents;
import io.sealcloud.metering.repository.ChargeRepository.Charge;
import io.sealcloud.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Maps a charge to {@code charge.created.v1} and appends it to the outbox, in the caller's transaction. */
@ApplicationScoped
public class ChargeEvents {

    private final Outbox outbox;

    public ChargeEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> created(Charge charge) {
        return outbox.append(
                MeteringEvents.CHARGE_CREATED,
                charge.workspaceId(),
                charge.id(),
                new ChargeCreatedV1(
                        charge.id(),
                        charge.workspaceId(),
                        charge.windowStart(),
                        charge.windowEnd(),
                        charge.resource(),
                        new ChargeCreatedV1.Attribution(
                                charge.attribution().kind(),
                                charge.attribution().nameOrNull()),
                        charge.quantity(),
                        charge.unit(),
                        charge.priceVersion(),
                        charge.debitMicros(),
                        charge.correctionOf()));
    }
}
