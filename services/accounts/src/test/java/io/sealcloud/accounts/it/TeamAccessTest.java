package io.sealcloud.accounts.it;

import static io.sealcloud.accounts.it.TeamsTest.account;
import static io.sealcloud.accounts.it.TeamsTest.binding;
import static io.sealcloud.accounts.it.TeamsTest.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.testkit.ControlPlaneTestResource;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Who may call what: the isolation matrix over every team, kubeconfig and audit endpoint (non-member 404, member
 * without the role 403, nothing changes), bad input, kubeconfigs (tokens from the real API server's TokenRequest)
 * and the ops back-office.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
class TeamAccessTest {

    /** One request of the matrix: a name and how to send it with a token. */
    record Call(String name, Function<String, ValidatableResponse> send) {}

    @Test
    void nonMembersGet404AndDevelopersGet403AndNothingChanges() {
        var realm = KeycloakTestResource.realm();
        TestUser owner = realm.createUniqueUser("olga");
        TestUser developer = realm.createUniqueUser("dev");
        TestUser outsider = realm.createUniqueUser("eve");
        Api.me(outsider.token()).statusCode(200);
        String id = TeamApi.createTeam(owner.token(), "matrix")
                .statusCode(201)
                .extract()
                .path("id");
        TeamApi.accept(developer.token(), TeamApi.inviteCode(owner.token(), id, "developer"))
                .statusCode(200);
        String invitationId = TeamApi.invite(owner.token(), id, "{\"role\":\"manager\"}")
                .statusCode(201)
                .extract()
                .path("id");
        int auditBefore = auditTotal(owner, id);

        List<Call> managerOnly = List.of(
                new Call("change role", t -> TeamApi.changeRole(t, id, owner.id(), "developer")),
                new Call("remove owner", t -> TeamApi.remove(t, id, owner.id())),
                new Call("invite", t -> TeamApi.invite(t, id, "{\"role\":\"developer\"}")),
                new Call("list invitations", t -> TeamApi.invitations(t, id)),
                new Call("revoke", t -> TeamApi.revoke(t, id, invitationId)),
                new Call("transfer", t -> TeamApi.transfer(t, id, owner.id())),
                new Call("rename", t -> TeamApi.rename(t, id, "Hijacked")),
                new Call("delete", t -> TeamApi.delete(t, id)),
                new Call("audit", t -> TeamApi.audit(t, id)));
        List<Call> anyMember = List.of(
                new Call("members", t -> TeamApi.members(t, id)),
                new Call("leave", t -> TeamApi.leave(t, id)),
                new Call("kubeconfig", t -> TeamApi.kubeconfig(t, id, "{}")),
                new Call("rotate", t -> TeamApi.rotate(t, id)));

        for (Call call : managerOnly) {
            call.send().apply(outsider.token()).statusCode(404).body("type", equalTo(problem("not-found")));
            call.send().apply(developer.token()).statusCode(403).body("type", equalTo(problem("forbidden")));
        }
        for (Call call : anyMember) {
            call.send().apply(outsider.token()).statusCode(404).body("type", equalTo(problem("not-found")));
        }

        TeamApi.members(owner.token(), id)
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.role", org.hamcrest.Matchers.containsInAnyOrder("owner", "developer"));
        Api.get(owner.token(), id).statusCode(200).body("displayName", equalTo("matrix"));
        TeamApi.invitations(owner.token(), id).statusCode(200).body("items.state", hasItem("pending"));
        assertThat(auditTotal(owner, id)).isEqualTo(auditBefore);
        Api.get(outsider.token(), id).statusCode(404);
    }

    @Test
    void managersManageMembersBelowTheOwnerOnly() {
        var realm = KeycloakTestResource.realm();
        TestUser owner = realm.createUniqueUser("otto");
        TestUser manager = realm.createUniqueUser("mona");
        TestUser developer = realm.createUniqueUser("dora");
        String id = TeamApi.createTeam(owner.token(), "managers")
                .statusCode(201)
                .extract()
                .path("id");
        TeamApi.accept(manager.token(), TeamApi.inviteCode(owner.token(), id, "manager"))
                .statusCode(200);
        TeamApi.accept(developer.token(), TeamApi.inviteCode(manager.token(), id, "developer"))
                .statusCode(200);

        TeamApi.changeRole(manager.token(), id, owner.id(), "developer").statusCode(403);
        TeamApi.remove(manager.token(), id, owner.id()).statusCode(403);
        TeamApi.changeRole(manager.token(), id, manager.id(), "developer")
                .statusCode(422)
                .body("type", equalTo(problem("own-role")));
        TeamApi.changeRole(owner.token(), id, developer.id(), "owner")
                .statusCode(422)
                .body("type", equalTo(problem("owner-not-assignable")));
        TeamApi.transfer(manager.token(), id, manager.id()).statusCode(403);
        TeamApi.audit(manager.token(), id).statusCode(403);
        TeamApi.delete(manager.token(), id).statusCode(403);

        TeamApi.changeRole(manager.token(), id, developer.id(), "manager").statusCode(200);
        TeamApi.rename(manager.token(), id, "Managed").statusCode(200);
        TeamApi.remove(owner.token(), id, "no-such-user")
                .statusCode(404)
                .body("type", equalTo(problem("member-not-found")));
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        var realm = KeycloakTestResource.realm();
        TestUser owner = realm.createUniqueUser("bea");
        TestUser other = realm.createUniqueUser("cid");
        Api.me(other.token()).statusCode(200);
        String id = TeamApi.createTeam(owner.token(), "bad-input")
                .statusCode(201)
                .extract()
                .path("id");

        TeamApi.invite(owner.token(), id, "{\"role\":\"admin\"}")
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/role"));
        TeamApi.invite(owner.token(), id, "{\"role\":\"owner\"}")
                .statusCode(422)
                .body("type", equalTo(problem("owner-not-invitable")));
        TeamApi.invite(owner.token(), id, "{\"role\":\"developer\",\"email\":\"not-an-email\"}")
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/email"));
        TeamApi.invite(owner.token(), id, "{\"role\":\"developer\",\"extra\":1}")
                .statusCode(400);
        TeamApi.invite(owner.token(), id, "{\"role\":").statusCode(400);
        Api.as(owner.token()).get(TeamApi.WS + "/members?size=1000", id).then().statusCode(400);
        Api.as(owner.token()).get(TeamApi.WS + "/members?page=-1", id).then().statusCode(400);
        TeamApi.transfer(owner.token(), id, other.id()).statusCode(422).body("type", equalTo(problem("not-a-member")));
        TeamApi.rename(owner.token(), id, "").statusCode(400);
        TeamApi.changeRole(owner.token(), id, owner.id(), "boss").statusCode(400);
        TeamApi.kubeconfig(owner.token(), id, "{\"ttlSeconds\":10}")
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/ttlSeconds"));
        TeamApi.kubeconfig(owner.token(), id, "{\"ttlSeconds\":999999999}").statusCode(400);

        TeamApi.invitations(owner.token(), id).statusCode(200).body("total", equalTo(0));
        TeamApi.members(owner.token(), id).statusCode(200).body("total", equalTo(1));
        Api.get(owner.token(), id).statusCode(200).body("displayName", equalTo("bad-input"));
    }

    @Test
    void aDevelopersKubeconfigIsScopedToItsNamespaceAndRoleAndDiesWithTheMembership() throws Exception {
        var realm = KeycloakTestResource.realm();
        TestUser owner = realm.createUniqueUser("kora");
        TestUser developer = realm.createUniqueUser("kai");
        KubernetesClient client = Cluster.admin();
        String id = TeamApi.createTeam(owner.token(), "kubeconfigs")
                .statusCode(201)
                .extract()
                .path("id");
        String ns = "ns-" + id;
        TeamApi.accept(developer.token(), TeamApi.inviteCode(owner.token(), id, "developer"))
                .statusCode(200);
        TeamsTest.awaitBindings(client, ns, Set.of(binding("owner", owner), binding("developer", developer)));
        String account = account(id, developer);
        await().atMost(Duration.ofSeconds(60)).until(() -> TeamsTest.serviceAccount(client, account) != null);

        Instant before = Instant.now();
        var issued = TeamApi.kubeconfig(developer.token(), id, "{\"ttlSeconds\":3600}")
                .statusCode(200)
                .body("namespace", equalTo(ns))
                .body("serviceAccount", equalTo(account))
                .body("role", equalTo("developer"))
                .extract();

        Instant expiresAt = Instant.parse(issued.path("expiresAt"));
        assertThat(expiresAt)
                .isBetween(before.plusSeconds(3600 - 5), Instant.now().plusSeconds(3600 + 5));
        Config kubeconfig =
                client.getKubernetesSerialization().unmarshal((String) issued.path("kubeconfig"), Config.class);
        assertThat(kubeconfig.getClusters().get(0).getCluster().getServer())
                .isEqualTo(ControlPlaneTestResource.serverUrl());
        assertThat(kubeconfig.getContexts().get(0).getContext().getNamespace()).isEqualTo(ns);
        // The token is the API server's own (TokenRequest): a JWT for the member's account, expiring when reported.
        String token = kubeconfig.getUsers().get(0).getUser().getToken();
        JsonNode claims = Kubeconfigs.claims(token);
        assertThat(claims.path("sub").asText())
                .isEqualTo("system:serviceaccount:" + TeamsTest.MEMBERS_NS + ":" + account);
        assertThat(claims.path("exp").asLong()).isEqualTo(expiresAt.getEpochSecond());
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3600L);
        try (KubernetesClient asDeveloper = ControlPlaneTestResource.clientWithToken(token)) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(Kubeconfigs.can(asDeveloper, ns, "", "pods", "list"))
                            .isTrue());
        }

        // What the token can do is what the developer's binding grants: the developer Role, in this namespace only.
        RoleBinding binding = client.rbac()
                .roleBindings()
                .inNamespace(ns)
                .withName(binding("developer", developer))
                .get();
        assertThat(binding.getRoleRef().getName()).isEqualTo("sealcloud-developer");
        assertThat(binding.getSubjects()).anySatisfy(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account);
            assertThat(s.getNamespace()).isEqualTo(TeamsTest.MEMBERS_NS);
        });
        Role role = client.rbac()
                .roles()
                .inNamespace(ns)
                .withName("sealcloud-developer")
                .get();
        assertThat(role.getRules())
                .noneMatch(rule -> rule.getResources().contains("secrets"))
                .noneMatch(rule -> rule.getApiGroups().contains("rbac.authorization.k8s.io"))
                .allSatisfy(rule -> assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate"));
        assertThat(client.rbac().roleBindings().inAnyNamespace().list().getItems())
                .filteredOn(b -> b.getSubjects().stream().anyMatch(s -> account.equals(s.getName())))
                .extracting(b -> b.getMetadata().getNamespace())
                .containsOnly(ns);

        // Rotation deletes the account (every token dies); the controller creates a fresh one.
        String uid = TeamsTest.serviceAccount(client, account).getMetadata().getUid();
        TeamApi.rotate(developer.token(), id).statusCode(202).body("serviceAccount", equalTo(account));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var recreated = TeamsTest.serviceAccount(client, account);
            return recreated != null && !uid.equals(recreated.getMetadata().getUid());
        });

        // Removal revokes: the account is deleted and the former member cannot get a kubeconfig.
        TeamApi.remove(owner.token(), id, developer.id()).statusCode(204);
        await().atMost(Duration.ofSeconds(60)).until(() -> TeamsTest.serviceAccount(client, account) == null);
        TeamApi.kubeconfig(developer.token(), id, "{}").statusCode(404);
        List<String> actions =
                TeamApi.audit(owner.token(), id).statusCode(200).extract().path("items.action");
        assertThat(actions).contains("kubeconfig.issued", "kubeconfig.rotated", "member.removed");
    }

    @Test
    void opsFindSuspendResumeAndSetQuotaAndOthersAreRefused() {
        var realm = KeycloakTestResource.realm();
        TestUser ops = realm.createUniqueUser("opal", "ops");
        TestUser owner = realm.createUniqueUser("quinn");
        KubernetesClient client = Cluster.admin();
        String id = TeamApi.createTeam(owner.token(), "ops-target")
                .statusCode(201)
                .extract()
                .path("id");
        SuspensionTest.awaitWorkspace(client, id, Workspace::isReady);

        for (String token : List.of(owner.token())) {
            Api.as(token).get(Api.BASE + "/ops/users").then().statusCode(403);
            Api.as(token).get(Api.BASE + "/ops/workspaces").then().statusCode(403);
            Api.as(token).get(Api.BASE + "/ops/audit").then().statusCode(403);
            TeamApi.json(token)
                    .body("{\"reason\":\"x\"}")
                    .post(Api.BASE + "/ops/workspaces/{id}/suspend", id)
                    .then()
                    .statusCode(403);
            TeamApi.json(token)
                    .body("{}")
                    .post(Api.BASE + "/ops/workspaces/{id}/resume", id)
                    .then()
                    .statusCode(403);
            TeamApi.json(token)
                    .body("{\"pods\":1}")
                    .put(Api.BASE + "/ops/workspaces/{id}/quota", id)
                    .then()
                    .statusCode(403);
        }

        Api.as(ops.token())
                .queryParam("query", owner.username())
                .get(Api.BASE + "/ops/users")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(owner.id()));
        Api.as(ops.token())
                .queryParam("query", id)
                .get(Api.BASE + "/ops/workspaces")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].ownerId", equalTo(owner.id()))
                .body("items[0].suspended", equalTo(false));

        TeamApi.json(ops.token())
                .body("{\"reason\":\"abuse report #42\"}")
                .post(Api.BASE + "/ops/workspaces/{id}/suspend", id)
                .then()
                .statusCode(204);
        SuspensionTest.awaitWorkspace(
                client,
                id,
                w -> w.getSpec().suspensionRequested()
                        && List.of("ops").equals(w.getSpec().getSuspensionReasons()));
        Api.as(ops.token())
                .queryParam("query", id)
                .get(Api.BASE + "/ops/workspaces")
                .then()
                .body("items[0].suspensionReasons", equalTo(List.of("ops")));
        TeamApi.json(ops.token())
                .body("{\"reason\":\"resolved\"}")
                .post(Api.BASE + "/ops/workspaces/{id}/resume", id)
                .then()
                .statusCode(204);
        SuspensionTest.awaitWorkspace(client, id, w -> !w.getSpec().suspensionRequested() && w.isReady());

        TeamApi.json(ops.token())
                .body("{\"cpu\":\"4 cores\"}")
                .put(Api.BASE + "/ops/workspaces/{id}/quota", id)
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/cpu"));
        TeamApi.json(ops.token())
                .body("{\"cpu\":\"4\",\"pods\":10,\"reason\":\"trial\"}")
                .put(Api.BASE + "/ops/workspaces/{id}/quota", id)
                .then()
                .statusCode(200)
                .body("cpu", equalTo("4"));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            ResourceQuota quota = client.resources(ResourceQuota.class)
                    .inNamespace("ns-" + id)
                    .withName("workspace-quota")
                    .get();
            Map<String, ?> hard = quota.getSpec().getHard();
            return "4".equals(String.valueOf(hard.get("limits.cpu"))) && "10".equals(String.valueOf(hard.get("pods")));
        });
        TeamApi.json(ops.token())
                .body("{\"reason\":\"x\"}")
                .post(Api.BASE + "/ops/workspaces/{id}/suspend", "nosuchwsid")
                .then()
                .statusCode(404);

        List<String> actions = Api.as(ops.token())
                .queryParam("workspaceId", id)
                .queryParam("actor", ops.id())
                .get(Api.BASE + "/ops/audit")
                .then()
                .statusCode(200)
                .extract()
                .path("items.action");
        assertThat(actions).containsExactly("ops.quota-changed", "ops.workspace-resumed", "ops.workspace-suspended");
        Api.as(ops.token())
                .queryParam("from", "yesterday")
                .get(Api.BASE + "/ops/audit")
                .then()
                .statusCode(400);
    }

    private static int auditTotal(TestUser owner, String id) {
        return TeamApi.audit(owner.token(), id).statusCode(200).extract().path("total");
    }

    static boolean grants(PolicyRule rule, String resource) {
        return rule.getResources().contains(resource);
    }
}
