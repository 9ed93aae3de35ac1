package io.sealcloud.metering.it;

import io.sealcloud.contracts.EventType;
import io.sealcloud.contracts.accounts.AccountDebtStateChangedV1;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.contracts.accounts.MemberAddedV1;
import io.sealcloud.contracts.accounts.WorkspaceCreatedV1;
import io.sealcloud.contracts.accounts.WorkspaceOwnerChangedV1;
import io.sealcloud.contracts.accounts.WorkspaceSuspensionChangedV1;
import io.sealcloud.platform.events.EventJson;
import io.sealcloud.testkit.KafkaTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes accounts' events to the real broker exactly as accounts' outbox relay does (binary-mode CloudEvents),
 * so metering's projection is fed through its real consumer and inbox.
 */
public final class AccountsSimulator implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public AccountsSimulator() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props);
    }

    public String workspaceCreated(String workspaceId, String ownerId) {
        return send(
                AccountsEvents.WORKSPACE_CREATED,
                workspaceId,
                workspaceId,
                new WorkspaceCreatedV1(workspaceId, "ws", "WS", "team", ownerId, "ns-" + workspaceId, Instant.now()));
    }

    public String memberAdded(String workspaceId, String userId, String role) {
        return send(
                AccountsEvents.MEMBER_ADDED,
                workspaceId,
                userId,
                new MemberAddedV1(workspaceId, userId, "user", role, "owner", Instant.now()));
    }

    public String debtState(String accountId, String state) {
        return send(
                AccountsEvents.ACCOUNT_DEBT_STATE_CHANGED,
                accountId,
                accountId,
                new AccountDebtStateChangedV1(accountId, state, "normal", -1L, Instant.now()));
    }

    /** The workspace is {@code newOwner}'s from {@code changedAt} on; returns the event's ce_id. */
    public String ownerChanged(String workspaceId, String previousOwner, String newOwner, Instant changedAt) {
        return send(
                AccountsEvents.WORKSPACE_OWNER_CHANGED,
                workspaceId,
                workspaceId,
                new WorkspaceOwnerChangedV1(workspaceId, previousOwner, newOwner, changedAt));
    }

    /** accounts' whole suspension state of a workspace as of {@code changedAt}; returns the event's ce_id. */
    public String suspension(String workspaceId, boolean suspended, List<String> reasons, Instant changedAt) {
        return send(
                AccountsEvents.WORKSPACE_SUSPENSION_CHANGED,
                workspaceId,
                workspaceId,
                new WorkspaceSuspensionChangedV1(workspaceId, "ns-" + workspaceId, suspended, reasons, changedAt));
    }

    /** Sends one event and waits for the broker's ack; returns its ce_id. */
    public <T> String send(EventType<T> type, String key, String subject, T data) {
        return send(type, key, subject, data, UUID.randomUUID().toString());
    }

    public <T> String send(EventType<T> type, String key, String subject, T data, String id) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                "sealcloud.accounts.v1", key, EventJson.write(data).getBytes(StandardCharsets.UTF_8));
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(id))
                .add("ce_source", bytes("/sealcloud/accounts"))
                .add("ce_type", bytes(type.type()))
                .add("ce_subject", bytes(subject))
                .add("ce_time", bytes(Instant.now().toString()))
                .add("ce_dataschema", bytes(type.dataschema()))
                .add("content-type", bytes("application/json"));
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return id;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
