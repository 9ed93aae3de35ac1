package io.sealcloud.platform.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.contracts.EventType;
import io.sealcloud.platform.events.EventJson;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Records an event in the transactional outbox, inside the caller's Hibernate Reactive transaction, so the event
 * exists if and only if the state change it announces commits; {@link OutboxRelay} publishes it afterwards.
 *
 * <pre>{@code
 * @WithTransaction
 * public Uni<Workspace> create(...) {
 *     return workspace.persist()
 *             .call(w -> outbox.append(AccountsEvents.WORKSPACE_CREATED, w.id, w.id, toEvent(w)));
 * }
 * }</pre>
 */
@ApplicationScoped
public class Outbox {

    // The double cast binds the payload as text and converts it in SQL: the reactive PostgreSQL client would encode a
    // Java String bound straight to a jsonb parameter as a JSON *string* holding the document.
    static final String INSERT =
            "insert into outbox_event (event_id, type, topic, kafka_key, subject, dataschema, payload)"
                    + " values (cast(:eventId as uuid), :type, :topic, :kafkaKey, :subject, :dataschema,"
                    + " cast(cast(:payload as text) as jsonb))";

    /**
     * Appends an event in the current Panache transaction ({@code @WithTransaction} or {@code
     * Panache.withTransaction(...)}). Fails with {@link IllegalStateException} when there is none: an event written
     * outside the state change's transaction would be a dual write.
     *
     * @param type the event type (contracts), which also names the topic and schema
     * @param workspaceId the tenant: the Kafka key, so each workspace's events keep their order
     * @param subject the aggregate the event is about (CloudEvents {@code subject})
     * @param data the event data, an instance of {@code type.dataClass()}
     */
    public <T> Uni<Void> append(EventType<T> type, String workspaceId, String subject, T data) {
        return Uni.createFrom()
                .item(() -> OutboxRow.of(type, workspaceId, subject, data))
                .flatMap(row -> Panache.getSession().flatMap(session -> insert(session, row)));
    }

    /**
     * Appends an event through an explicit Hibernate Reactive session, for code that manages its own session (e.g.
     * {@code Mutiny.SessionFactory.withTransaction}); the session must be in a transaction.
     */
    public <T> Uni<Void> append(Mutiny.Session session, EventType<T> type, String workspaceId, String subject, T data) {
        Objects.requireNonNull(session, "session");
        return Uni.createFrom()
                .item(() -> OutboxRow.of(type, workspaceId, subject, data))
                .flatMap(row -> insert(session, row));
    }

    private static Uni<Void> insert(Mutiny.Session session, OutboxRow row) {
        if (session.currentTransaction() == null) {
            return Uni.createFrom()
                    .failure(new IllegalStateException("Outbox.append(" + row.type()
                            + ") must run inside the transaction that changes the state"
                            + " (@WithTransaction or Panache.withTransaction); none is active"));
        }
        return session.createNativeQuery(INSERT)
                .setParameter("eventId", row.eventId().toString())
                .setParameter("type", row.type())
                .setParameter("topic", row.topic())
                .setParameter("kafkaKey", row.kafkaKey())
                .setParameter("subject", row.subject())
                .setParameter("dataschema", row.dataschema())
                .setParameter("payload", row.payload())
                .executeUpdate()
                .replaceWithVoid();
    }

    /** One outbox row as written; validated before anything touches the database. */
    record OutboxRow(
            UUID eventId,
            String type,
            String topic,
            String kafkaKey,
            String subject,
            String dataschema,
            String payload) {

        static <T> OutboxRow of(EventType<T> type, String workspaceId, String subject, T data) {
            Objects.requireNonNull(type, "type");
            requireText(workspaceId, "workspaceId");
            requireText(subject, "subject");
            Objects.requireNonNull(data, "data");
            if (!type.dataClass().isInstance(data)) {
                throw new IllegalArgumentException(
                        "Event " + type.type() + " carries " + type.dataClass().getName() + ", not "
                                + data.getClass().getName());
            }
            return new OutboxRow(
                    UUID.randomUUID(),
                    type.type(),
                    type.topic(),
                    workspaceId,
                    subject,
                    type.dataschema(),
                    EventJson.write(data));
        }

        private static void requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
        }
    }
}
