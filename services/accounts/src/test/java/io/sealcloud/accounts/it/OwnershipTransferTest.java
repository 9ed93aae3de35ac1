package io.sealcloud.accounts.it;

import static io.sealcloud.accounts.it.MoneyApi.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.sealcloud.contracts.metering.ChargeCreatedV1;
import io.sealcloud.contracts.metering.MeteringEvents;
import io.sealcloud.platform.events.EventJson;
import io.sealcloud.testkit.KafkaTestResource;
import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Ownership transfer needs the new owner's consent (issue 13, item 5): the owner's transfer is an offer that changes
 * nothing until the member accepts it; the member may decline, the owner withdraw, and it expires. The rules hold when
 * it is accepted too. And a charge is booked to whoever owned the workspace during its usage window, not to whoever
 * owns it when the charge arrives.
 */
@QuarkusTest
@WithKafka
@WithPostgres(database = "accounts")
@WithKeycloak
@WithControlPlane(serviceAccount = "accounts")
class OwnershipTransferTest {

    @Inject
    TestClock clock;

    @Inject
    DataSource database;

    @Test
    void aTransferIsAnOfferThatChangesNothingUntilTheMemberAcceptsIt() {
        Team team = team("consent");
        TestUser carol = KeycloakTestResource.realm().createUniqueUser("bystander");
        TeamApi.accept(carol.token(), TeamApi.inviteCode(team.alice.token(), team.id, "developer"))
                .statusCode(200);

        TeamApi.transfer(team.alice.token(), team.id, team.bob.id())
                .statusCode(202)
                .body("state", equalTo("pending"))
                .body("fromUserId", equalTo(team.alice.id()))
                .body("toUserId", equalTo(team.bob.id()))
                .body("expired", equalTo(false));

        // An offer is not a transfer: alice still owns the workspace.
        assertRoles(team, "owner", "manager");
        TeamApi.pendingTransfer(team.alice.token(), team.id).statusCode(200).body("toUserId", equalTo(team.bob.id()));
        TeamApi.pendingTransfer(team.bob.token(), team.id).statusCode(200);
        TeamApi.pendingTransfer(carol.token(), team.id).statusCode(403);
        Api.as(team.bob.token())
                .get(Api.BASE + "/ownership-transfers")
                .then()
                .statusCode(200)
                .body("workspaceId", hasItem(team.id));
        Api.as(carol.token()).get(Api.BASE + "/ownership-transfers").then().body("workspaceId", not(hasItem(team.id)));

        // Only the member it is offered to can take it.
        TeamApi.acceptTransfer(team.alice.token(), team.id).statusCode(403);
        TeamApi.acceptTransfer(carol.token(), team.id)
                .statusCode(403)
                .contentType(startsWith("application/problem+json"));
        assertRoles(team, "owner", "manager");

        TeamApi.acceptTransfer(team.bob.token(), team.id).statusCode(204);
        assertRoles(team, "manager", "owner");
        Api.get(team.bob.token(), team.id).statusCode(200).body("role", equalTo("owner"));
        TeamApi.pendingTransfer(team.bob.token(), team.id)
                .statusCode(404)
                .body("type", equalTo(TeamsTest.problem("ownership-transfer-not-found")));
        TeamApi.acceptTransfer(team.bob.token(), team.id).statusCode(404);
        List<String> actions = TeamApi.audit(team.bob.token(), team.id)
                .statusCode(200)
                .extract()
                .path("items.action");
        assertThat(actions).contains("workspace.ownership-offered", "workspace.ownership-transferred");
    }

    @Test
    void theMemberCanDeclineAndTheOwnerCanWithdrawAndNeitherChangesTheOwner() {
        Team team = team("declined");

        TeamApi.transfer(team.alice.token(), team.id, team.bob.id()).statusCode(202);
        TeamApi.declineTransfer(team.alice.token(), team.id).statusCode(403);
        TeamApi.declineTransfer(team.bob.token(), team.id).statusCode(204);
        TeamApi.acceptTransfer(team.bob.token(), team.id).statusCode(404);
        assertRoles(team, "owner", "manager");

        TeamApi.transfer(team.alice.token(), team.id, team.bob.id()).statusCode(202);
        TeamApi.cancelTransfer(team.bob.token(), team.id).statusCode(403);
        TeamApi.cancelTransfer(team.alice.token(), team.id).statusCode(204);
        TeamApi.cancelTransfer(team.alice.token(), team.id).statusCode(404);
        TeamApi.acceptTransfer(team.bob.token(), team.id)
                .statusCode(404)
                .body("type", equalTo(TeamsTest.problem("ownership-transfer-not-found")));
        assertRoles(team, "owner", "manager");

        List<String> actions = TeamApi.audit(team.alice.token(), team.id)
                .statusCode(200)
                .extract()
                .path("items.action");
        assertThat(actions)
                .contains("workspace.ownership-declined", "workspace.ownership-offer-cancelled")
                .doesNotContain("workspace.ownership-transferred");
    }

    @Test
    void anOfferExpiresAndCannotBeAcceptedAfterwards() {
        Team team = team("expiring");
        TeamApi.transfer(team.alice.token(), team.id, team.bob.id()).statusCode(202);
        try {
            clock.advance(Duration.ofDays(7).plusMinutes(1));
            TeamApi.acceptTransfer(team.bob.token(), team.id)
                    .statusCode(410)
                    .body("type", equalTo(TeamsTest.problem("ownership-transfer-expired")));
            TeamApi.pendingTransfer(team.alice.token(), team.id).statusCode(404);
            assertRoles(team, "owner", "manager");
            // A new offer replaces the expired one.
            TeamApi.transfer(team.alice.token(), team.id, team.bob.id()).statusCode(202);
            TeamApi.acceptTransfer(team.bob.token(), team.id).statusCode(204);
        } finally {
            clock.reset();
        }
        assertRoles(team, "manager", "owner");
    }

    @Test
    void aMemberWhoFellIntoDebtAfterTheOfferCannotAcceptItUntilTheyPay() {
        Team team = team("indebted");
        TeamApi.transfer(team.alice.token(), team.id, team.bob.id()).statusCode(202);
        String ops = MoneyApi.ops().token();
        MoneyApi.adjust(ops, team.bob.id(), -6 * UNIT, "usage").statusCode(201);

        TeamApi.acceptTransfer(team.bob.token(), team.id)
                .statusCode(409)
                .body("type", equalTo(TeamsTest.problem("new-owner-in-debt")));
        assertRoles(team, "owner", "manager");
        TeamApi.pendingTransfer(team.bob.token(), team.id).statusCode(200).body("state", equalTo("pending"));

        MoneyApi.adjust(ops, team.bob.id(), 20 * UNIT, "paid").statusCode(201);
        TeamApi.acceptTransfer(team.bob.token(), team.id).statusCode(204);
        assertRoles(team, "manager", "owner");
    }

    @Test
    void usageBeforeTheTransferIsPaidByTheFormerOwnerEvenWhenItsChargeArrivesAfterIt() throws Exception {
        Team team = team("metered");
        Instant usedByAlice = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long aliceBefore = MoneyApi.balance(team.alice.token());
        long bobBefore = MoneyApi.balance(team.bob.token());

        TeamApi.transferAndAccept(team.alice.token(), team.id, team.bob);
        Instant usedByBob = clock.instant().plusSeconds(1);

        // Both charges arrive after the transfer; each window says whose usage it was.
        String before = "ch-" + team.id + "-" + UUID.randomUUID();
        String after = "ch-" + team.id + "-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(record(charge(before, team.id, usedByAlice, 2 * UNIT)))
                    .get();
            producer.send(record(charge(after, team.id, usedByBob, 1 * UNIT))).get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> payerOf(before) != null && payerOf(after) != null);

        assertThat(payerOf(before)).as("usage before the transfer").isEqualTo(team.alice.id());
        assertThat(payerOf(after)).as("usage after the transfer").isEqualTo(team.bob.id());
        assertThat(MoneyApi.balance(team.alice.token())).isEqualTo(aliceBefore - 2 * UNIT);
        assertThat(MoneyApi.balance(team.bob.token())).isEqualTo(bobBefore - 1 * UNIT);
    }

    /** A team workspace of alice's with bob as manager. */
    private record Team(String id, TestUser alice, TestUser bob) {}

    private static Team team(String name) {
        var realm = KeycloakTestResource.realm();
        TestUser alice = realm.createUniqueUser("alice-" + name);
        TestUser bob = realm.createUniqueUser("bob-" + name);
        Api.me(bob.token()).statusCode(200);
        String id = TeamApi.createTeam(alice.token(), name)
                .statusCode(201)
                .extract()
                .path("id");
        TeamApi.accept(bob.token(), TeamApi.inviteCode(alice.token(), id, "manager"))
                .statusCode(200);
        return new Team(id, alice, bob);
    }

    private static void assertRoles(Team team, String aliceRole, String bobRole) {
        TeamApi.members(team.alice.token(), team.id)
                .statusCode(200)
                .body("items.find { it.userId == '" + team.alice.id() + "' }.role", equalTo(aliceRole))
                .body("items.find { it.userId == '" + team.bob.id() + "' }.role", equalTo(bobRole));
    }

    private String payerOf(String chargeId) throws Exception {
        try (Connection c = database.getConnection();
                var s = c.prepareStatement("SELECT account_id FROM ledger_entries WHERE charge_id = ?")) {
            s.setString(1, chargeId);
            try (var rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static ChargeCreatedV1 charge(String chargeId, String workspaceId, Instant windowStart, long debitMicros) {
        return new ChargeCreatedV1(
                chargeId,
                workspaceId,
                windowStart,
                windowStart.plus(Duration.ofMinutes(1)),
                "cpu",
                new ChargeCreatedV1.Attribution("other", null),
                1_000L,
                "millicore-minute",
                "pv-cpu-test",
                debitMicros,
                null);
    }

    private static ProducerRecord<String, byte[]> record(ChargeCreatedV1 charge) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                MeteringEvents.TOPIC,
                charge.workspaceId(),
                EventJson.write(charge).getBytes(StandardCharsets.UTF_8));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", UUID.randomUUID().toString());
        header(record, "ce_source", "/sealcloud/metering");
        header(record, "ce_type", MeteringEvents.CHARGE_CREATED.type());
        header(record, "ce_subject", charge.chargeId());
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
