package io.sealcloud.accounts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.testkit.EventProbe;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end: a real Keycloak token signs a user up, the controller provisions the namespace in
 * the real API server (as the accounts ServiceAccount, with its deploy/ RBAC), and both events reach Kafka.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
class WorkspaceProvisioningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EventProbe events;

    @BeforeAll
    static void listen() {
        events = new EventProbe(AccountsEvents.TOPIC);
    }

    @AfterAll
    static void stopListening() {
        events.close();
    }

    @Test
    void firstSignInCreatesTheUserAndAReadyPersonalWorkspace() throws Exception {
        TestUser alice = KeycloakTestResource.realm().createUniqueUser("alice");

        String workspaceId = Api.me(alice.token())
                .statusCode(200)
                .body("user.id", equalTo(alice.id()))
                .body("user.username", equalTo(alice.username()))
                .body("user.email", equalTo(alice.email()))
                .body("personalWorkspaceId", notNullValue())
                .extract()
                .path("personalWorkspaceId");

        KubernetesClient client = Cluster.admin();
        Workspace ready = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> client.resources(Workspace.class)
                                .withName(workspaceId)
                                .get(),
                        w -> w != null && w.isReady());
        assertThat(ready.getSpec().getOwner().getId()).isEqualTo(alice.id());
        assertThat(ready.getSpec().getKind()).isEqualTo("personal");
        assertThat(ready.getStatus().getObservedGeneration())
                .isEqualTo(ready.getMetadata().getGeneration());
        assertThat(ready.getStatus().getNamespace()).isEqualTo("ns-" + workspaceId);
        assertThat(ready.getStatus().getConditions())
                .extracting(c -> c.getType() + "=" + c.getStatus())
                .contains(
                        "NamespaceReady=True",
                        "QuotaReady=True",
                        "NetworkReady=True",
                        "RbacReady=True",
                        "WorkloadsReady=True",
                        "Suspended=False",
                        "Ready=True");

        String ns = "ns-" + workspaceId;
        Namespace namespace = client.namespaces().withName(ns).get();
        assertThat(namespace.getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry("app.kubernetes.io/managed-by", "sealcloud-accounts")
                .containsEntry("sealcloud.io/workspace", workspaceId);
        assertThat(client.resources(ResourceQuota.class).inNamespace(ns).list().getItems())
                .singleElement()
                .satisfies(q -> assertThat(q.getSpec().getHard()).containsKeys("limits.cpu", "pods"));
        assertThat(client.resources(LimitRange.class).inNamespace(ns).list().getItems())
                .hasSize(1);
        assertThat(client.resources(NetworkPolicy.class).inNamespace(ns).list().getItems())
                .hasSize(2);
        // The owner's ServiceAccount lives in the platform's member namespace, where no workload can run as it.
        assertThat(client.resources(ServiceAccount.class)
                        .inNamespace("sealcloud-members")
                        .list()
                        .getItems())
                .extracting(sa -> sa.getMetadata().getName())
                .contains(workspaceId + "-u-" + alice.id());
        assertThat(client.resources(ServiceAccount.class).inNamespace(ns).list().getItems())
                .noneMatch(sa -> sa.getMetadata().getName().startsWith("u-"));
        assertThat(client.resources(Role.class).inNamespace(ns).list().getItems())
                .extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder("sealcloud-owner", "sealcloud-manager", "sealcloud-developer");
        assertThat(client.resources(RoleBinding.class).inNamespace(ns).list().getItems())
                .singleElement()
                .satisfies(b -> {
                    assertThat(b.getRoleRef().getName()).isEqualTo("sealcloud-owner");
                    assertThat(b.getSubjects())
                            .anySatisfy(s -> assertThat(s.getName()).isEqualTo("oidc:" + alice.id()));
                });

        Api.get(alice.token(), workspaceId)
                .statusCode(200)
                .body("ready", equalTo(true))
                .body("phase", equalTo("Ready"))
                .body("kind", equalTo("personal"))
                .body("role", equalTo("owner"))
                .body("namespace", equalTo(ns));

        EventProbe.Received created = events.awaitEvent(workspaceId, AccountsEvents.WORKSPACE_CREATED.type());
        assertThat(created.header("ce_specversion")).isEqualTo("1.0");
        assertThat(created.header("ce_source")).isEqualTo("/sealcloud/accounts");
        assertThat(created.header("ce_subject")).isEqualTo(workspaceId);
        assertThat(created.header("ce_id")).isNotBlank();
        assertThat(created.header("ce_dataschema")).isEqualTo(AccountsEvents.WORKSPACE_CREATED.dataschema());
        JsonNode createdData = JSON.readTree(created.value());
        assertThat(createdData.path("workspaceId").asText()).isEqualTo(workspaceId);
        assertThat(createdData.path("ownerId").asText()).isEqualTo(alice.id());
        assertThat(createdData.path("kind").asText()).isEqualTo("personal");
        assertThat(createdData.path("namespace").asText()).isEqualTo(ns);

        EventProbe.Received readyEvent = events.awaitEvent(workspaceId, AccountsEvents.WORKSPACE_READY.type());
        assertThat(readyEvent.header("ce_subject")).isEqualTo(workspaceId);
        JsonNode readyData = JSON.readTree(readyEvent.value());
        assertThat(readyData.path("namespace").asText()).isEqualTo(ns);
        assertThat(readyData.path("observedGeneration").asLong())
                .isEqualTo(ready.getMetadata().getGeneration());
    }

    @Test
    void aTeamWorkspaceIsProvisionedAndAnnouncedOnce() {
        TestUser bob = KeycloakTestResource.realm().createUniqueUser("bob");
        String token = bob.token();

        String id = Api.create(token, "{\"name\":\"team-rocket\",\"displayName\":\"Team Rocket\"}")
                .statusCode(201)
                .extract()
                .path("id");

        KubernetesClient client = Cluster.admin();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.resources(Workspace.class).withName(id).get(), w -> w != null && w.isReady());
        events.awaitEvent(id, AccountsEvents.WORKSPACE_READY.type());
        // Later reconciles (resyncs, child events) see it ready again; the event must not repeat.
        client.resources(Workspace.class).withName(id).edit(w -> {
            w.getSpec().setDisplayName("Team Rocket 2");
            return w;
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Workspace w = client.resources(Workspace.class).withName(id).get();
            return w.getStatus().getObservedGeneration().equals(w.getMetadata().getGeneration());
        });
        assertThat(events.all(id, AccountsEvents.WORKSPACE_CREATED.type())).hasSize(1);
        assertThat(events.all(id, AccountsEvents.WORKSPACE_READY.type())).hasSize(1);
    }

    @Test
    void aDeletedChildIsRecreated() {
        TestUser carol = KeycloakTestResource.realm().createUniqueUser("carol");
        String id = Api.me(carol.token()).statusCode(200).extract().path("personalWorkspaceId");
        KubernetesClient client = Cluster.admin();
        String ns = "ns-" + id;
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.resources(Workspace.class).withName(id).get(), w -> w != null && w.isReady());

        client.resources(NetworkPolicy.class)
                .inNamespace(ns)
                .withName("default-deny")
                .delete();

        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> client.resources(NetworkPolicy.class)
                                .inNamespace(ns)
                                .withName("default-deny")
                                .get(),
                        p -> p != null);
    }

    @Test
    void deletingATeamWorkspaceRemovesItsNamespaceWithEverythingInIt() {
        TestUser erik = KeycloakTestResource.realm().createUniqueUser("erik");
        String id = TeamApi.createTeam(erik.token(), "ephemeral")
                .statusCode(201)
                .extract()
                .path("id");
        KubernetesClient client = Cluster.admin();
        String ns = "ns-" + id;
        SuspensionTest.awaitWorkspace(client, id, Workspace::isReady);
        SuspensionTest.awaitDefaultServiceAccount(client, ns);
        Workloads.create(client, Workloads.deployment(ns, "web", 2));
        Workloads.awaitReady(client, Workloads.deployment(ns, "web", 2), 2);

        TeamApi.delete(erik.token(), id).statusCode(204);

        // The garbage collector deletes the namespace (an owned child), the namespace controller empties it (the
        // stand-in confirms the pods stopped), then the Workspace itself goes (foreground deletion).
        await().atMost(Duration.ofSeconds(120))
                .until(() -> client.namespaces().withName(ns).get() == null
                        && client.resources(Workspace.class).withName(id).get() == null);
        assertThat(client.serviceAccounts()
                        .inNamespace(TeamsTest.MEMBERS_NS)
                        .withName(TeamsTest.account(id, erik))
                        .get())
                .as("the owner's ServiceAccount (and with it every kubeconfig) is gone too")
                .isNull();
        Api.get(erik.token(), id).statusCode(404);
    }

    @Test
    void aMissingWorkspaceResourceIsRecreatedByTheSync() {
        TestUser dave = KeycloakTestResource.realm().createUniqueUser("dave");
        String id = Api.me(dave.token()).statusCode(200).extract().path("personalWorkspaceId");
        KubernetesClient client = Cluster.admin();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.resources(Workspace.class).withName(id).get(), w -> w != null && w.isReady());

        // As if the service had crashed between the commit and writing the resource.
        client.resources(Workspace.class).withName(id).delete();

        Workspace back = await().atMost(Duration.ofSeconds(60))
                .until(() -> client.resources(Workspace.class).withName(id).get(), w -> w != null);
        assertThat(back.getSpec().getOwner().getUsername()).isEqualTo(dave.username());
    }
}
