package io.sealcloud.clusters.it;

import io.sealcloud.contracts.EventType;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.contracts.accounts.MemberAddedV1;
import io.sealcloud.contracts.accounts.MemberRemovedV1;
import io.sealcloud.contracts.accounts.WorkspaceCreatedV1;
import io.sealcloud.contracts.accounts.WorkspaceDeletedV1;
import io.sealcloud.contracts.accounts.WorkspaceSuspensionChangedV1;
import io.sealcloud.platform.events.EventJson;
import io.sealcloud.testkit.KafkaTestResource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
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
 * Publishes accounts' events to the real broker as accounts would (CloudEvents binary mode, keyed by workspace), so
 * the clusters service learns workspaces, members and suspensions through its own consumer and inbox.
 */
final class Tenants {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static KafkaProducer<String, byte[]> producer;

    private Tenants() {}

    static String newWorkspaceId() {
        StringBuilder id = new StringBuilder("t");
        for (int i = 0; i < 9; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    static void workspaceCreated(String workspaceId, String ownerId) {
        Instant now = Instant.now();
        publish(
                AccountsEvents.WORKSPACE_CREATED,
                workspaceId,
                new WorkspaceCreatedV1(workspaceId, workspaceId, "Test", "team", ownerId, "ns-" + workspaceId, now));
        publish(
                AccountsEvents.MEMBER_ADDED,
                workspaceId,
                new MemberAddedV1(workspaceId, ownerId, "owner", "owner", ownerId, now));
    }

    static void workspaceDeleted(String workspaceId, String by) {
        publish(
                AccountsEvents.WORKSPACE_DELETED,
                workspaceId,
                new WorkspaceDeletedV1(workspaceId, "ns-" + workspaceId, by, Instant.now()));
    }

    static void memberAdded(String workspaceId, String userId, String role) {
        publish(
                AccountsEvents.MEMBER_ADDED,
                workspaceId,
                new MemberAddedV1(workspaceId, userId, userId, role, "owner", Instant.now()));
    }

    static void memberRemoved(String workspaceId, String userId, String role) {
        publish(
                AccountsEvents.MEMBER_REMOVED,
                workspaceId,
                new MemberRemovedV1(workspaceId, userId, role, "owner", Instant.now()));
    }

    static void suspension(String workspaceId, boolean suspended, List<String> reasons, Instant at) {
        publish(
                AccountsEvents.WORKSPACE_SUSPENSION_CHANGED,
                workspaceId,
                new WorkspaceSuspensionChangedV1(workspaceId, "ns-" + workspaceId, suspended, reasons, at));
    }

    private static synchronized <T> void publish(EventType<T> type, String workspaceId, T data) {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        var record = new ProducerRecord<String, byte[]>(
                type.topic(), workspaceId, EventJson.write(data).getBytes(StandardCharsets.UTF_8));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", UUID.randomUUID().toString());
        header(record, "ce_source", "/sealcloud/accounts");
        header(record, "ce_type", type.type());
        header(record, "ce_subject", workspaceId);
        header(record, "ce_time", Instant.now().toString());
        header(record, "content-type", "application/json");
        try {
            producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
