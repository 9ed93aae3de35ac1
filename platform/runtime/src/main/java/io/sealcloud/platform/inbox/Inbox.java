package io.sealcloud.platform.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.platform.config.ServiceConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Applies each CloudEvent at most once per consumer: the event id is recorded in the same Hibernate Reactive
 * transaction as the effect, so a redelivered event (Kafka delivers at least once) finds its id and changes nothing,
 * and an effect that fails leaves no id behind and is retried with the record.
 *
 * <pre>{@code
 * @Incoming("accounts-events")
 * public Uni<Void> onAccountsEvent(ConsumerRecord<String, byte[]> record) {
 *     return inbox.process("metering-workspaces", record, this::apply);
 * }
 * }</pre>
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    static final String RECORD =
            "insert into inbox_message (consumer, event_id) values (:consumer, :eventId) on conflict do nothing";

    private final MeterRegistry registry;
    private final String metricPrefix;

    public Inbox(ServiceConfig service, MeterRegistry registry) {
        this.registry = registry;
        this.metricPrefix = "sealcloud." + service.name().replace('-', '_') + ".inbox.";
    }

    /**
     * Parses the record and processes it as {@link #process(String, ReceivedEvent, Function)}; a record that is not a
     * CloudEvent fails with {@link PoisonEventException} before any transaction starts.
     */
    public Uni<Void> process(
            String consumer, ConsumerRecord<?, byte[]> record, Function<ReceivedEvent, Uni<Void>> effect) {
        return Uni.createFrom().item(() -> ReceivedEvent.from(record)).flatMap(e -> process(consumer, e, effect));
    }

    /**
     * In one transaction: records {@code (consumer, event.id())} and, only when it was not there yet, runs the effect.
     * The effect must do its writes through the current Panache session (it joins this transaction); it may append to
     * the outbox too. A duplicate completes without calling the effect.
     *
     * @param consumer the logical consumer, stable across releases (renaming it re-applies every retained event)
     */
    public Uni<Void> process(String consumer, ReceivedEvent event, Function<ReceivedEvent, Uni<Void>> effect) {
        if (consumer == null || consumer.isBlank()) {
            return Uni.createFrom().failure(new IllegalArgumentException("consumer must not be blank"));
        }
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(effect, "effect");
        return Panache.withTransaction(() -> Panache.getSession()
                        .flatMap(session -> session.createNativeQuery(RECORD)
                                .setParameter("consumer", consumer)
                                .setParameter("eventId", event.id())
                                .executeUpdate())
                        .flatMap(inserted -> inserted > 0
                                ? effect.apply(event).replaceWith(Boolean.TRUE)
                                : Uni.createFrom().item(Boolean.FALSE)))
                .invoke(applied -> count(consumer, event, applied))
                .replaceWithVoid();
    }

    private void count(String consumer, ReceivedEvent event, boolean applied) {
        if (applied) {
            Counter.builder(metricPrefix + "processed")
                    .description("Events whose effect a consumer applied")
                    .tag("consumer", consumer)
                    .tag("type", event.type())
                    .register(registry)
                    .increment();
        } else {
            LOG.debugf("Consumer %s already applied event %s (%s): skipped", consumer, event.id(), event.type());
            Counter.builder(metricPrefix + "duplicates")
                    .description("Redelivered events a consumer skipped because it had applied them")
                    .tag("consumer", consumer)
                    .register(registry)
                    .increment();
        }
    }
}
