package io.sealcloud.accounts.it;

import static io.sealcloud.accounts.it.MoneyApi.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.contracts.metering.ChargeCreatedV1;
import io.sealcloud.contracts.metering.MeteringEvents;
import io.sealcloud.platform.events.EventJson;
import io.sealcloud.testkit.EventProbe;
import io.sealcloud.testkit.KafkaTestResource;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The end of the debt ladder acting in the real API server, and deletion that settles charges: debt-deletion deletes
 * the workloads of every workspace the debtor owns (namespace, volumes and configuration kept), final-deletion deletes
 * the workspaces with {@code workspace.deleted}, and a charge metering publishes after a workspace was deleted still
 * debits its former owner.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
class DebtDeletionTest {

    @Inject
    TestClock clock;

    @Test
    void debtDeletionDeletesWorkloadsAfterTheNoticeAndFinalDeletionDeletesTheWorkspaces() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("deadbeat");
        String token = user.token();
        String personal = Api.me(token).statusCode(200).extract().path("personalWorkspaceId");
        String team =
                TeamApi.createTeam(token, "doomed").statusCode(201).extract().path("id");
        KubernetesClient client = Cluster.admin();
        SuspensionTest.awaitWorkspace(client, team, Workspace::isReady);
        String ns = "ns-" + team;
        createEverything(client, ns);

        try (EventProbe events = new EventProbe(AccountsEvents.TOPIC)) {
            MoneyApi.adjust(MoneyApi.ops().token(), user.id(), -6 * UNIT, "usage")
                    .statusCode(201);
            MoneyApi.account(token).body("debtState", equalTo("debt"));
            SuspensionTest.awaitWorkspace(client, team, w -> w.getSpec().suspensionRequested() && w.isReady());
            assertThat(client.apps().deployments().inNamespace(ns).list().getItems())
                    .as("in debt the workloads are only suspended")
                    .hasSize(1);
            try {
                clock.advance(Duration.ofDays(7).plusMinutes(1));
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> MoneyApi.account(token).body("debtState", equalTo("debt-deletion")));
                // The notice exists (it commits with the move; the resources learn of it from the sync afterwards).
                Api.as(token)
                        .get(Api.BASE + "/account/notifications")
                        .then()
                        .body("items[0].state", equalTo("debt-deletion"));

                Workspace deleting = SuspensionTest.awaitWorkspace(
                        client,
                        team,
                        w -> w.getSpec().workloadDeletionRequested()
                                && w.isReady()
                                && client.apps()
                                        .deployments()
                                        .inNamespace(ns)
                                        .list()
                                        .getItems()
                                        .isEmpty());
                assertThat(deleting.condition("WorkloadsReady").orElseThrow().getReason())
                        .isEqualTo("WorkloadsDeleted");
                assertThat(client.apps().statefulSets().inNamespace(ns).list().getItems())
                        .isEmpty();
                assertThat(Workloads.cronJobs(client, ns)).isEmpty();
                assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems())
                        .isEmpty();
                // The API server removes a deleted pod once its kubelet (here the stand-in) confirms it stopped.
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> client.pods()
                                        .inNamespace(ns)
                                        .withName("scratch")
                                        .get()
                                == null);
                assertThat(client.services().inNamespace(ns).withName("public").get())
                        .as("a NodePort service holds a node port")
                        .isNull();
                assertThat(client.services()
                                .inNamespace(ns)
                                .withName("internal")
                                .get())
                        .as("a ClusterIP service costs nothing")
                        .isNotNull();
                assertThat(client.persistentVolumeClaims()
                                .inNamespace(ns)
                                .withName("data")
                                .get())
                        .as("volumes stay until final deletion")
                        .isNotNull();
                assertThat(client.configMaps()
                                .inNamespace(ns)
                                .withName("settings")
                                .get())
                        .isNotNull();
                assertThat(client.namespaces().withName(ns).get()).isNotNull();
                SuspensionTest.awaitWorkspace(client, personal, w -> w.getSpec().workloadDeletionRequested());

                clock.advance(Duration.ofDays(7).plusMinutes(1));
                await().atMost(Duration.ofSeconds(60))
                        .until(() ->
                                client.resources(Workspace.class).withName(team).get() == null
                                        && client.resources(Workspace.class)
                                                        .withName(personal)
                                                        .get()
                                                == null);
            } finally {
                clock.reset();
            }
            assertThat(JsonPath.from(events.awaitEvent(team, AccountsEvents.WORKSPACE_DELETED.type())
                                    .value())
                            .getString("deletedBy"))
                    .isEqualTo("system");
            events.awaitEvent(personal, AccountsEvents.WORKSPACE_DELETED.type());
            MoneyApi.account(token).body("debtState", equalTo("final-deletion"));
            Api.get(token, team).statusCode(404);
        }
        // Signing in again gives a new personal workspace, born suspended: the debt is still owed.
        String fresh = Api.me(token).statusCode(200).extract().path("personalWorkspaceId");
        assertThat(fresh).isNotEqualTo(personal);
        Workspace reborn =
                SuspensionTest.awaitWorkspace(client, fresh, w -> w.getSpec().suspensionRequested() && w.isReady());
        assertThat(reborn.getSpec().getSuspensionReasons()).containsExactly("debt");
    }

    @Test
    void aChargeArrivingAfterTheWorkspaceWasDeletedStillDebitsItsFormerOwner() throws Exception {
        TestUser owner = KeycloakTestResource.realm().createUniqueUser("leaver");
        String token = owner.token();
        Api.me(token).statusCode(200);
        String team = TeamApi.createTeam(token, "short-lived")
                .statusCode(201)
                .extract()
                .path("id");
        TeamApi.delete(token, team).statusCode(204);
        Api.get(token, team).statusCode(404);
        long before = MoneyApi.balance(token);
        String debited = "sealcloud_accounts_charges_total{outcome=\"debited\"}";
        String duplicates = "sealcloud_accounts_charges_total{outcome=\"duplicate\"}";
        double debitedBefore = PaymentWebhookTest.metric(debited);
        double duplicatesBefore = PaymentWebhookTest.metric(duplicates);

        String chargeId = "ch-late-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(record(chargeId, team, 1_234_567)).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> MoneyApi.balance(token) == before - 1_234_567);
            // Metering publishes the same charge again (another event id): counted as a duplicate, debited once.
            producer.send(record(chargeId, team, 1_234_567)).get();
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> PaymentWebhookTest.metric(duplicates) - duplicatesBefore >= 1.0);
        assertThat(PaymentWebhookTest.metric(debited) - debitedBefore).isEqualTo(1.0);
        assertThat(MoneyApi.balance(token)).isEqualTo(before - 1_234_567);
        Api.as(token)
                .queryParam("type", "charge")
                .get(Api.BASE + "/account/entries")
                .then()
                .statusCode(200)
                .body("items[0].amountMicros", equalTo(-1_234_567))
                .body("items[0].workspaceId", equalTo(team));
    }

    private static void createEverything(KubernetesClient client, String ns) {
        SuspensionTest.awaitDefaultServiceAccount(client, ns);
        Workloads.create(client, Workloads.deployment(ns, "web", 2));
        Workloads.create(client, Workloads.statefulSet(ns, "db", 1));
        Workloads.create(client, Workloads.cronJob(ns, "nightly", null));
        Workloads.create(client, Workloads.longJob(ns, "migrate"));
        client.resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("scratch")
                        .withNamespace(ns)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("main")
                        .withImage("busybox:1.36")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
        client.resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("public")
                        .withNamespace(ns)
                        .endMetadata()
                        .withNewSpec()
                        .withType("NodePort")
                        .addNewPort()
                        .withPort(80)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        client.resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("internal")
                        .withNamespace(ns)
                        .endMetadata()
                        .withNewSpec()
                        .withType("ClusterIP")
                        .addNewPort()
                        .withPort(80)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        client.resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName("data")
                        .withNamespace(ns)
                        .endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withNewResources()
                        .addToRequests("storage", new Quantity("1Gi"))
                        .endResources()
                        .endSpec()
                        .build())
                .create();
        client.resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("settings")
                        .withNamespace(ns)
                        .endMetadata()
                        .addToData("mode", "prod")
                        .build())
                .create();
    }

    private static ProducerRecord<String, byte[]> record(String chargeId, String workspaceId, long debitMicros) {
        Instant windowStart = Instant.parse("2026-11-25T10:00:00Z");
        ChargeCreatedV1 charge = new ChargeCreatedV1(
                chargeId,
                workspaceId,
                windowStart,
                windowStart.plus(Duration.ofMinutes(5)),
                "cpu",
                new ChargeCreatedV1.Attribution("other", null),
                1_000L,
                "millicore-minute",
                "pv-cpu-test",
                debitMicros,
                null);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                MeteringEvents.TOPIC, workspaceId, EventJson.write(charge).getBytes(StandardCharsets.UTF_8));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", UUID.randomUUID().toString());
        header(record, "ce_source", "/sealcloud/metering");
        header(record, "ce_type", MeteringEvents.CHARGE_CREATED.type());
        header(record, "ce_subject", chargeId);
        header(record, "ce_time", Instant.now().toString());
        header(record, "ce_dataschema", MeteringEvents.CHARGE_CREATED.dataschema());
        header(record, "content-type", "application/json");
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }
}
