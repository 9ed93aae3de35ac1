package io.sealcloud.accounts.it;

import static io.sealcloud.accounts.it.MoneyApi.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.model.WorkloadSuspension;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.testkit.EventProbe;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The debt ladder end to end: a balance below zero suspends the owner's workspaces (reason {@code debt} in the
 * Workspace spec), a recharge that covers the debt lifts it, a smaller one does not (debt is never written off), and
 * time moves an unpaid account to debt-deletion and final-deletion. A transfer of ownership follows the account that
 * pays: a new owner in debt is refused, a workspace given away by a debtor resumes, and the former owner's ladder no
 * longer reaches it.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
class DebtLifecycleTest {

    @Inject
    TestClock clock;

    @Test
    void suspendsInDebtRecoversTheWholeDebtAndLiftsOnlyThen() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("debtor");
        String token = user.token();
        String workspace = Api.me(token).statusCode(200).extract().path("personalWorkspaceId");
        String ops = MoneyApi.ops().token();

        try (EventProbe events = new EventProbe(AccountsEvents.TOPIC)) {
            // Owe 500 units.
            MoneyApi.adjust(ops, user.id(), -505 * UNIT, "usage billed by hand").statusCode(201);
            MoneyApi.account(token).body("balanceMicros", equalTo(-500_000_000)).body("debtState", equalTo("debt"));
            awaitSuspended(workspace, true);
            var entered = events.awaitEvent(user.id(), AccountsEvents.ACCOUNT_DEBT_STATE_CHANGED.type());
            assertThat(events.all(user.id(), AccountsEvents.ACCOUNT_DEBT_STATE_CHANGED.type()))
                    .anySatisfy(e -> assertThat(move(e)).isEqualTo("critical-balance -> debt -500000000"));
            assertThat(entered.header("ce_subject")).isEqualTo(user.id());

            // Pay 10: still 490 in debt, still suspended.
            payThroughWebhook(token, 10 * UNIT);
            MoneyApi.account(token).body("balanceMicros", equalTo(-490_000_000)).body("debtState", equalTo("debt"));
            assertThat(workspaceResource(workspace).getSpec().getSuspensionReasons())
                    .contains("debt");

            // Pay 500: the debt is recovered in full, 10 are left, and the workspace resumes.
            payThroughWebhook(token, 500 * UNIT);
            MoneyApi.account(token)
                    .body("balanceMicros", equalTo(10_000_000))
                    .body("debtState", equalTo("low-balance"));
            awaitSuspended(workspace, false);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> events.all(user.id(), AccountsEvents.ACCOUNT_DEBT_STATE_CHANGED.type()).stream()
                            .anyMatch(e -> move(e).equals("debt -> low-balance 10000000")));
        }

        Api.as(token)
                .get(Api.BASE + "/account/notifications")
                .then()
                .statusCode(200)
                .body("items", hasSize(3))
                .body("items[0].state", equalTo("low-balance"))
                .body("items[0].previousState", equalTo("debt"))
                .body("items[1].state", equalTo("debt"))
                .body("items[2].state", equalTo("critical-balance"));
        Api.as(token)
                .queryParam("limit", 1)
                .get(Api.BASE + "/account/notifications")
                .then()
                .body("items", hasSize(1))
                .body("nextCursor", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void movesAnUnpaidAccountToDeletionStepsAsTheGracePeriodsPass() {
        TestUser user = KeycloakTestResource.realm().createUniqueUser("unpaid");
        String token = user.token();
        Api.me(token).statusCode(200);
        MoneyApi.adjust(MoneyApi.ops().token(), user.id(), -6 * UNIT, "usage").statusCode(201);
        MoneyApi.account(token).body("debtState", equalTo("debt"));
        try {
            clock.advance(Duration.ofDays(7).plusMinutes(1));
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> MoneyApi.account(token).body("debtState", equalTo("debt-deletion")));
            clock.advance(Duration.ofDays(7).plusMinutes(1));
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> MoneyApi.account(token).body("debtState", equalTo("final-deletion")));
        } finally {
            clock.reset();
        }
        // A later charge keeps the account where it is; it never climbs back without paying.
        MoneyApi.adjust(MoneyApi.ops().token(), user.id(), -1 * UNIT, "usage").statusCode(201);
        MoneyApi.account(token).body("debtState", equalTo("final-deletion")).body("balanceMicros", equalTo(-2_000_000));
        Api.as(token)
                .get(Api.BASE + "/account/notifications")
                .then()
                .body("items[0].state", equalTo("final-deletion"))
                .body("items[1].state", equalTo("debt-deletion"));
    }

    @Test
    void aTransferToAnAccountInDebtIsRefusedAndChangesNothing() {
        var realm = KeycloakTestResource.realm();
        TestUser alice = realm.createUniqueUser("giver");
        TestUser dave = realm.createUniqueUser("owing");
        Api.me(alice.token()).statusCode(200);
        Api.me(dave.token()).statusCode(200);
        String team = TeamApi.createTeam(alice.token(), "handover")
                .statusCode(201)
                .extract()
                .path("id");
        TeamApi.accept(dave.token(), TeamApi.inviteCode(alice.token(), team, "developer"))
                .statusCode(200);
        String ops = MoneyApi.ops().token();
        MoneyApi.adjust(ops, dave.id(), -6 * UNIT, "usage").statusCode(201);
        MoneyApi.account(dave.token()).body("debtState", equalTo("debt")).body("balanceMicros", equalTo(-1_000_000));
        KubernetesClient client = Cluster.admin();
        SuspensionTest.awaitWorkspace(client, team, Workspace::isReady);

        try (EventProbe events = new EventProbe(AccountsEvents.TOPIC)) {
            TeamApi.transfer(alice.token(), team, dave.id())
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", equalTo(TeamsTest.problem("new-owner-in-debt")))
                    .body("status", equalTo(409))
                    .body("detail", containsString("in debt"));

            // Nothing changed: roles, the resource, the audit log, the new owner's account, and no event.
            TeamApi.members(alice.token(), team)
                    .statusCode(200)
                    .body("items.find { it.userId == '" + alice.id() + "' }.role", equalTo("owner"))
                    .body("items.find { it.userId == '" + dave.id() + "' }.role", equalTo("developer"));
            assertThat(workspaceResource(team).getSpec().getOwner().getId()).isEqualTo(alice.id());
            assertThat(workspaceResource(team).getSpec().suspensionRequested()).isFalse();
            List<String> actions =
                    TeamApi.audit(alice.token(), team).statusCode(200).extract().path("items.action");
            assertThat(actions).doesNotContain("workspace.ownership-transferred", "workspace.suspended");
            MoneyApi.account(dave.token())
                    .body("debtState", equalTo("debt"))
                    .body("balanceMicros", equalTo(-1_000_000));
            // Events of one workspace leave in commit order: once a later change's event is here, none came before.
            TeamApi.changeRole(alice.token(), team, dave.id(), "manager").statusCode(200);
            events.awaitEvent(team, AccountsEvents.MEMBER_CHANGED.type());
            assertThat(events.all(team, AccountsEvents.MEMBER_CHANGED.type()))
                    .as("only the role change")
                    .hasSize(1);
            assertThat(events.all(team, AccountsEvents.WORKSPACE_SUSPENSION_CHANGED.type()))
                    .isEmpty();

            // Once the debt is paid, the same transfer goes through; neither owner is in debt: no suspension change.
            MoneyApi.adjust(ops, dave.id(), 20 * UNIT, "paid by bank transfer").statusCode(201);
            TeamApi.transferAndAccept(alice.token(), team, dave);
            SuspensionTest.awaitWorkspace(
                    client, team, w -> dave.id().equals(w.getSpec().getOwner().getId()));
            TeamApi.changeRole(dave.token(), team, alice.id(), "developer").statusCode(200);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> events.all(team, AccountsEvents.MEMBER_CHANGED.type())
                                    .size()
                            == 4);
            assertThat(events.all(team, AccountsEvents.WORKSPACE_SUSPENSION_CHANGED.type()))
                    .isEmpty();
        }
    }

    @Test
    void aTransferAwayFromADebtorResumesTheWorkspaceAndTheLadderFollowsTheNewOwner() {
        var realm = KeycloakTestResource.realm();
        TestUser alice = realm.createUniqueUser("leaving");
        TestUser bob = realm.createUniqueUser("taking");
        String alicePersonal = Api.me(alice.token()).statusCode(200).extract().path("personalWorkspaceId");
        Api.me(bob.token()).statusCode(200);
        String plain = TeamApi.createTeam(alice.token(), "plain")
                .statusCode(201)
                .extract()
                .path("id");
        String held = TeamApi.createTeam(alice.token(), "held")
                .statusCode(201)
                .extract()
                .path("id");
        for (String id : List.of(plain, held)) {
            TeamApi.accept(bob.token(), TeamApi.inviteCode(alice.token(), id, "manager"))
                    .statusCode(200);
        }
        KubernetesClient client = Cluster.admin();
        SuspensionTest.awaitWorkspace(client, plain, Workspace::isReady);
        String ns = "ns-" + plain;
        SuspensionTest.awaitDefaultServiceAccount(client, ns);
        Workloads.create(client, Workloads.deployment(ns, "web", 3));
        Workloads.create(client, Workloads.cronJob(ns, "nightly", false));
        Workloads.awaitReady(client, Workloads.deployment(ns, "web", 3), 3);
        Deployment webBefore = SuspensionTest.deployment(client, ns, "web");
        CronJob nightlyBefore = SuspensionTest.cronJob(client, ns, "nightly");
        String ops = MoneyApi.ops().token();
        TeamApi.json(ops)
                .body("{\"reason\":\"abuse report 7\"}")
                .post(Api.BASE + "/ops/workspaces/{id}/suspend", held)
                .then()
                .statusCode(204);

        // Alice owes 1 unit: her workspaces are suspended for debt, the workloads scaled down.
        MoneyApi.adjust(ops, alice.id(), -6 * UNIT, "usage").statusCode(201);
        SuspensionTest.awaitWorkspace(
                client,
                plain,
                w -> w.getSpec().suspensionRequested()
                        && w.isReady()
                        && Integer.valueOf(0)
                                .equals(SuspensionTest.deployment(client, ns, "web")
                                        .getSpec()
                                        .getReplicas()));
        assertThat(SuspensionTest.cronJob(client, ns, "nightly").getSpec().getSuspend())
                .isTrue();

        String changed = AccountsEvents.WORKSPACE_SUSPENSION_CHANGED.type();
        try (EventProbe events = new EventProbe(AccountsEvents.TOPIC)) {
            TeamApi.transferAndAccept(alice.token(), plain, bob);
            TeamApi.transferAndAccept(alice.token(), held, bob);

            // In the transfer's transaction: debt lifted; ops stays.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> events.all(plain, changed).size() >= 2
                            && events.all(held, changed).size() >= 3);
            assertThat(events.all(plain, changed).stream().map(SuspensionTest::suspensionState))
                    .containsExactly("true [debt]", "false []");
            assertThat(events.all(held, changed).stream().map(SuspensionTest::suspensionState))
                    .containsExactly("true [ops]", "true [debt, ops]", "true [ops]");
        }

        // The workloads come back exactly as they were; the workspace ops suspended stays suspended.
        SuspensionTest.awaitWorkspace(
                client,
                plain,
                w -> !w.getSpec().suspensionRequested()
                        && bob.id().equals(w.getSpec().getOwner().getId())
                        && w.isReady());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !WorkloadSuspension.isSuspended(SuspensionTest.deployment(client, ns, "web"))
                        && !WorkloadSuspension.isSuspended(SuspensionTest.cronJob(client, ns, "nightly")));
        assertThat(SuspensionTest.deployment(client, ns, "web").getSpec()).isEqualTo(webBefore.getSpec());
        assertThat(SuspensionTest.deployment(client, ns, "web").getMetadata().getAnnotations())
                .isEqualTo(webBefore.getMetadata().getAnnotations());
        assertThat(SuspensionTest.cronJob(client, ns, "nightly").getSpec()).isEqualTo(nightlyBefore.getSpec());
        SuspensionTest.awaitWorkspace(
                client,
                held,
                w -> List.of("ops").equals(w.getSpec().getSuspensionReasons())
                        && bob.id().equals(w.getSpec().getOwner().getId()));
        List<String> actions =
                TeamApi.audit(bob.token(), plain).statusCode(200).extract().path("items.action");
        assertThat(actions).contains("workspace.ownership-transferred", "workspace.suspension-lifted");

        // The debt stays with Alice: her account and her own workspace are as they were.
        MoneyApi.account(alice.token()).body("debtState", equalTo("debt")).body("balanceMicros", equalTo(-1_000_000));
        assertThat(workspaceResource(alicePersonal).getSpec().getSuspensionReasons())
                .containsExactly("debt");

        // Her ladder goes on without the workspaces she gave away.
        try {
            clock.advance(Duration.ofDays(7).plusMinutes(1));
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> MoneyApi.account(alice.token()).body("debtState", equalTo("debt-deletion")));
            SuspensionTest.awaitWorkspace(
                    client, alicePersonal, w -> w.getSpec().workloadDeletionRequested());
            await().during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !workspaceResource(plain).getSpec().workloadDeletionRequested()
                            && SuspensionTest.deployment(client, ns, "web") != null);
            clock.advance(Duration.ofDays(7).plusMinutes(1));
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> MoneyApi.account(alice.token()).body("debtState", equalTo("final-deletion")));
        } finally {
            clock.reset();
        }
        // Final deletion deleted what she still owned (in the move's transaction), not what is Bob's now.
        Api.get(alice.token(), alicePersonal).statusCode(404);
        Api.get(bob.token(), plain).statusCode(200);
        Api.get(bob.token(), held).statusCode(200);
        assertThat(SuspensionTest.deployment(client, ns, "web").getSpec().getReplicas())
                .isEqualTo(3);

        // And Bob's debt reaches them like any workspace he owns.
        MoneyApi.adjust(ops, bob.id(), -6 * UNIT, "usage").statusCode(201);
        SuspensionTest.awaitWorkspace(
                client, plain, w -> List.of("debt").equals(w.getSpec().getSuspensionReasons()));
        SuspensionTest.awaitWorkspace(
                client, held, w -> List.of("debt", "ops").equals(w.getSpec().getSuspensionReasons()));
    }

    /** "previous -> state balance" of a debt-state-changed record. */
    private static String move(EventProbe.Received event) {
        JsonPath data = JsonPath.from(event.value());
        return data.getString("previousState") + " -> " + data.getString("state") + " " + data.getLong("balanceMicros");
    }

    private void payThroughWebhook(String token, long micros) {
        String orderId = MoneyApi.createOrder(token, micros, "webhook")
                .statusCode(201)
                .extract()
                .path("id");
        String body = MoneyApi.webhookBody(orderId, "pi_" + UUID.randomUUID(), micros);
        MoneyApi.webhook("webhook", body, MoneyApi.sign(body, Instant.now()))
                .statusCode(200)
                .body("result", equalTo("booked"));
    }

    private Workspace workspaceResource(String id) {
        KubernetesClient client = Cluster.admin();
        return client.resources(Workspace.class).withName(id).get();
    }

    private void awaitSuspended(String workspaceId, boolean suspended) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Workspace w = workspaceResource(workspaceId);
            if (w == null || w.getSpec() == null) {
                return false;
            }
            List<String> reasons = w.getSpec().getSuspensionReasons();
            boolean hasDebt = reasons != null && reasons.contains("debt");
            return Boolean.valueOf(suspended)
                            .equals(Boolean.TRUE.equals(w.getSpec().getSuspended()))
                    && hasDebt == suspended;
        });
    }
}
