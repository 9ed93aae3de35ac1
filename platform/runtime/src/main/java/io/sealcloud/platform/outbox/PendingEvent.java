package io.sealcloud.platform.outbox;

import java.time.Instant;
import java.util.UUID;

/** An unpublished outbox row as the relay reads it. */
record PendingEvent(
        long id,
        UUID eventId,
        String type,
        String topic,
        String kafkaKey,
        String subject,
        String dataschema,
        String payload,
        Instant occurredAt) {}
