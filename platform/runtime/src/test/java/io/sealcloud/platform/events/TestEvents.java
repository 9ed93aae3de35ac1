package io.sealcloud.platform.events;

import io.sealcloud.contracts.EventType;

/** Event types that exist only in the messaging tests, each on its own topic so tests never see each other's records. */
public final class TestEvents {

    /** Data of every test event: which workspace, and its position in that workspace's stream. */
    public record Sequenced(String workspaceId, int seq) {}

    public static final EventType<Sequenced> OUTBOX = EventType.of(
            "io.sealcloud.messagingtest.outbox.v1",
            "sealcloud.messaging-test-outbox.v1",
            "messaging-test/outbox.v1.json",
            Sequenced.class);

    public static final EventType<Sequenced> RELAY_RESTART = EventType.of(
            "io.sealcloud.messagingtest.restart.v1",
            "sealcloud.messaging-test-restart.v1",
            "messaging-test/restart.v1.json",
            Sequenced.class);

    public static final EventType<Sequenced> TWO_RELAYS = EventType.of(
            "io.sealcloud.messagingtest.tworelays.v1",
            "sealcloud.messaging-test-two-relays.v1",
            "messaging-test/tworelays.v1.json",
            Sequenced.class);

    public static final EventType<Sequenced> BROKER_OUTAGE = EventType.of(
            "io.sealcloud.messagingtest.outage.v1",
            "sealcloud.messaging-test-outage.v1",
            "messaging-test/outage.v1.json",
            Sequenced.class);

    /** The topic the test consumer (channel {@code messaging-test-in}) reads; see test application.properties. */
    public static final EventType<Sequenced> INBOX = EventType.of(
            "io.sealcloud.messagingtest.inbox.v1",
            "sealcloud.messaging-test-inbox.v1",
            "messaging-test/inbox.v1.json",
            Sequenced.class);

    private TestEvents() {}
}
