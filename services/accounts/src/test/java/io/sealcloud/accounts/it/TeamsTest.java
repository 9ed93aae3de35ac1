package io.sealcloud.accounts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.fabric8.kubernetes.api.model.ServiceAccount;
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
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The member lifecycle end to end: invitations, role changes, removal, transfer, leaving, renaming and deleting, with
 * the RoleBindings and ServiceAccounts in the real API server asserted after each step, and the member events on
 * Kafka.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
class TeamsTest {

    static final String MEMBERS_NS = "sealcloud-members";
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
    void theFullMemberLifecycleReachesTheApiServerAndKafka() {
        var realm = KeycloakTestResource.realm();
        TestUser alice = realm.createUniqueUser("alice");
        TestUser bob = realm.createUniqueUser("bob");
        TestUser carol = realm.createUniqueUser("carol");
        KubernetesClient client = Cluster.admin();

        String id = TeamApi.createTeam(alice.token(), "lifecycle")
                .statusCode(201)
                .extract()
                .path("id");
        String ns = "ns-" + id;
        SuspensionTest.awaitWorkspace(client, id, Workspace::isReady);
        awaitBindings(client, ns, Set.of(binding("owner", alice)));
        assertThat(events.awaitEvent(id, AccountsEvents.MEMBER_ADDED.type()).value())
                .contains(alice.id(), "owner");

        // Invite bob as developer; the same Idempotency-Key replays the same invitation (and code).
        String body = "{\"role\":\"developer\"}";
        String code = TeamApi.json(alice.token())
                .header("Idempotency-Key", "invite-bob-" + id)
                .body(body)
                .post(TeamApi.WS + "/invitations", id)
                .then()
                .statusCode(201)
                .body("role", equalTo("developer"))
                .body("state", equalTo("pending"))
                .body("code", notNullValue())
                .extract()
                .path("code");
        TeamApi.json(alice.token())
                .header("Idempotency-Key", "invite-bob-" + id)
                .body(body)
                .post(TeamApi.WS + "/invitations", id)
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("code", equalTo(code));
        TeamApi.invitations(alice.token(), id).statusCode(200).body("total", equalTo(1));

        TeamApi.accept(bob.token(), code)
                .statusCode(200)
                .body("id", equalTo(id))
                .body("role", equalTo("developer"));
        awaitBindings(client, ns, Set.of(binding("owner", alice), binding("developer", bob)));
        RoleBinding bobs = client.rbac()
                .roleBindings()
                .inNamespace(ns)
                .withName(binding("developer", bob))
                .get();
        assertThat(bobs.getRoleRef().getName()).isEqualTo("sealcloud-developer");
        assertThat(bobs.getSubjects())
                .extracting(s -> s.getKind() + ":" + s.getName())
                .containsExactlyInAnyOrder("User:oidc:" + bob.id(), "ServiceAccount:" + account(id, bob));
        assertThat(client.serviceAccounts()
                        .inNamespace(MEMBERS_NS)
                        .withName(account(id, bob))
                        .get())
                .isNotNull();
        // Single use.
        TeamApi.accept(carol.token(), code).statusCode(410).body("type", equalTo(problem("invitation-used")));
        TeamApi.members(bob.token(), id).statusCode(200).body("total", equalTo(2));

        // Role change: a new binding for the new role, the old one deleted (roleRef is immutable).
        TeamApi.changeRole(alice.token(), id, bob.id(), "manager")
                .statusCode(200)
                .body("role", equalTo("manager"));
        awaitBindings(client, ns, Set.of(binding("owner", alice), binding("manager", bob)));

        // A manager invites and removes a developer.
        String carolsCode = TeamApi.inviteCode(bob.token(), id, "developer");
        TeamApi.accept(carol.token(), carolsCode).statusCode(200);
        awaitBindings(
                client, ns, Set.of(binding("owner", alice), binding("manager", bob), binding("developer", carol)));
        TeamApi.remove(bob.token(), id, carol.id()).statusCode(204);
        awaitBindings(client, ns, Set.of(binding("owner", alice), binding("manager", bob)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.serviceAccounts()
                                .inNamespace(MEMBERS_NS)
                                .withName(account(id, carol))
                                .get()
                        == null);
        Api.get(carol.token(), id).statusCode(404);

        // Ownership moves to bob; alice becomes a manager, then leaves.
        TeamApi.transferAndAccept(alice.token(), id, bob);
        awaitBindings(client, ns, Set.of(binding("owner", bob), binding("manager", alice)));
        SuspensionTest.awaitWorkspace(
                client, id, w -> bob.id().equals(w.getSpec().getOwner().getId()));
        TeamApi.leave(bob.token(), id).statusCode(422).body("type", equalTo(problem("owner-cannot-leave")));
        TeamApi.leave(alice.token(), id).statusCode(204);
        awaitBindings(client, ns, Set.of(binding("owner", bob)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.serviceAccounts()
                                .inNamespace(MEMBERS_NS)
                                .withName(account(id, alice))
                                .get()
                        == null);

        TeamApi.rename(bob.token(), id, "Lifecycle Team")
                .statusCode(200)
                .body("displayName", equalTo("Lifecycle Team"));
        SuspensionTest.awaitWorkspace(
                client, id, w -> "Lifecycle Team".equals(w.getSpec().getDisplayName()));

        List<String> actions =
                TeamApi.audit(bob.token(), id).statusCode(200).extract().path("items.action");
        assertThat(actions)
                .contains(
                        "invitation.created",
                        "member.added",
                        "member.role-changed",
                        "member.removed",
                        "workspace.ownership-transferred",
                        "member.left",
                        "workspace.renamed");

        events.awaitEvent(id, AccountsEvents.MEMBER_CHANGED.type());
        events.awaitEvent(id, AccountsEvents.MEMBER_REMOVED.type());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> events.all(id, AccountsEvents.MEMBER_ADDED.type()).size() == 3
                        && events.all(id, AccountsEvents.MEMBER_REMOVED.type()).size() == 2
                        && events.all(id, AccountsEvents.MEMBER_CHANGED.type()).size() == 3);
        // Every projection learns the new owner (who pays from now on) from workspace.owner-changed.
        io.restassured.path.json.JsonPath ownerChanged = io.restassured.path.json.JsonPath.from(
                events.awaitEvent(id, AccountsEvents.WORKSPACE_OWNER_CHANGED.type())
                        .value());
        assertThat(ownerChanged.getString("previousOwnerId")).isEqualTo(alice.id());
        assertThat(ownerChanged.getString("newOwnerId")).isEqualTo(bob.id());
        // Neither alice nor bob is in debt: the transfer changed no suspension (its event would have come before
        // alice's member.removed, which followed the transfer: one workspace's events leave in commit order).
        assertThat(events.all(id, AccountsEvents.WORKSPACE_SUSPENSION_CHANGED.type()))
                .isEmpty();

        // Deleting the team workspace deletes its Workspace resource (and, through ownerReferences, its namespace).
        TeamApi.delete(bob.token(), id).statusCode(204);
        Api.get(bob.token(), id).statusCode(404);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Workspace w = client.resources(Workspace.class).withName(id).get();
            return w == null || w.getMetadata().getDeletionTimestamp() != null;
        });
        assertThat(events.awaitEvent(id, AccountsEvents.WORKSPACE_DELETED.type())
                        .value())
                .contains(bob.id());
    }

    @Test
    void aPersonalWorkspaceCannotBeSharedOrDeleted() {
        TestUser frank = KeycloakTestResource.realm().createUniqueUser("frank");
        String personal = Api.me(frank.token()).statusCode(200).extract().path("personalWorkspaceId");

        TeamApi.invite(frank.token(), personal, "{\"role\":\"developer\"}")
                .statusCode(422)
                .body("type", equalTo(problem("personal-workspace")));
        TeamApi.delete(frank.token(), personal).statusCode(422).body("type", equalTo(problem("personal-workspace")));
        Api.get(frank.token(), personal).statusCode(200);
    }

    @Test
    void anInvitationForAnEmailCanOnlyBeUsedByThatAddress() {
        var realm = KeycloakTestResource.realm();
        TestUser gina = realm.createUniqueUser("gina");
        TestUser hank = realm.createUniqueUser("hank");
        TestUser ivan = realm.createUniqueUser("ivan");
        String id = TeamApi.createTeam(gina.token(), "emails")
                .statusCode(201)
                .extract()
                .path("id");

        String code = TeamApi.invite(gina.token(), id, "{\"role\":\"developer\",\"email\":\"" + hank.email() + "\"}")
                .statusCode(201)
                .body("email", equalTo(hank.email()))
                .extract()
                .path("code");

        TeamApi.accept(ivan.token(), code).statusCode(403).body("type", equalTo(problem("invitation-email-mismatch")));
        TeamApi.members(gina.token(), id).statusCode(200).body("total", equalTo(1));
        TeamApi.decline(hank.token(), code).statusCode(204);
        TeamApi.accept(hank.token(), code).statusCode(410);
        TeamApi.members(gina.token(), id).statusCode(200).body("total", equalTo(1));
    }

    @Test
    void aRevokedOrUnknownInvitationCannotBeUsed() {
        var realm = KeycloakTestResource.realm();
        TestUser jane = realm.createUniqueUser("jane");
        TestUser kurt = realm.createUniqueUser("kurt");
        String id = TeamApi.createTeam(jane.token(), "revoked")
                .statusCode(201)
                .extract()
                .path("id");
        var created = TeamApi.invite(jane.token(), id, "{\"role\":\"manager\"}")
                .statusCode(201)
                .extract();
        String code = created.path("code");
        String invitationId = created.path("id");

        TeamApi.revoke(jane.token(), id, invitationId).statusCode(204);
        TeamApi.revoke(jane.token(), id, invitationId).statusCode(404);

        TeamApi.accept(kurt.token(), code).statusCode(410).body("type", equalTo(problem("invitation-used")));
        TeamApi.accept(kurt.token(), "not-a-code")
                .statusCode(404)
                .body("type", equalTo(problem("invitation-not-found")));
        TeamApi.invitations(jane.token(), id)
                .statusCode(200)
                .body("items.state", hasItems("revoked"))
                .body("items[0].code", org.hamcrest.Matchers.nullValue());
    }

    static String binding(String role, TestUser user) {
        return "sealcloud-" + role + "-u-" + user.id();
    }

    static String account(String workspaceId, TestUser user) {
        return workspaceId + "-u-" + user.id();
    }

    static String problem(String slug) {
        return "https://sealcloud.io/problems/" + slug;
    }

    /** Waits until the member RoleBindings of the namespace are exactly these. */
    static void awaitBindings(KubernetesClient client, String ns, Set<String> expected) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> client.rbac().roleBindings().inNamespace(ns).list().getItems().stream()
                                .map(b -> b.getMetadata().getName())
                                .collect(Collectors.toSet()),
                        expected::equals);
    }

    static List<Role> roles(KubernetesClient client, String ns) {
        return client.rbac().roles().inNamespace(ns).list().getItems();
    }

    static ServiceAccount serviceAccount(KubernetesClient client, String name) {
        return client.serviceAccounts().inNamespace(MEMBERS_NS).withName(name).get();
    }
}
