package io.sealcloud.platform.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.platform.events.TestEvents.Sequenced;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A consumer as a service writes one: channel {@code messaging-test-in}, configured in test application.properties. */
@ApplicationScoped
public class InboxTestConsumer {

    static final String CONSUMER = "messaging-test";

    private final Inbox inbox;

    public InboxTestConsumer(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("messaging-test-in")
    public Uni<Void> onEvent(ConsumerRecord<String, byte[]> record) {
        return inbox.process(CONSUMER, record, InboxTestConsumer::apply);
    }

    /** The effect: count one application for the event's subject, through the inbox's transaction. */
    static Uni<Void> apply(ReceivedEvent event) {
        // Binding the data is part of the effect: data that does not fit the contract is poison.
        event.dataAs(Sequenced.class);
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery("insert into messaging_test_effect (subject, applied)"
                                + " values (:subject, 1) on conflict (subject)"
                                + " do update set applied = messaging_test_effect.applied + 1")
                        .setParameter("subject", event.subject())
                        .executeUpdate())
                .replaceWithVoid();
    }
}
