package io.sealcloud.contracts.metering;

import io.sealcloud.contracts.EventType;
import java.util.List;

/** The events the metering service publishes on {@value #TOPIC}, all keyed by workspace id (docs/events.md). */
public final class MeteringEvents {

    public static final String TOPIC = "sealcloud.metering.v1";

    public static final EventType<ChargeCreatedV1> CHARGE_CREATED = EventType.of(
            "io.sealcloud.metering.charge.created.v1", TOPIC, "metering/charge.created.v1.json", ChargeCreatedV1.class);

    public static final EventType<UsageRecordedV1> USAGE_RECORDED = EventType.of(
            "io.sealcloud.metering.usage.recorded.v1", TOPIC, "metering/usage.recorded.v1.json", UsageRecordedV1.class);

    /** Every type above, for registries and the conformance test. */
    public static final List<EventType<?>> ALL = List.of(CHARGE_CREATED, USAGE_RECORDED);

    private MeteringEvents() {}
}
