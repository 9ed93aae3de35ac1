package io.sealcloud.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.quarkus.vertx.VertxContextSupport;
import io.sealcloud.contracts.EventType;
import io.sealcloud.contracts.accounts.AccountDebtStateChangedV1;
import io.sealcloud.contracts.accounts.AccountsEvents;
import io.sealcloud.contracts.accounts.MemberAddedV1;
import io.sealcloud.contracts.accounts.MemberChangedV1;
import io.sealcloud.contracts.accounts.MemberRemovedV1;
import io.sealcloud.contracts.accounts.WorkspaceCreatedV1;
import io.sealcloud.contracts.accounts.WorkspaceDeletedV1;
import io.sealcloud.contracts.accounts.WorkspaceOwnerChangedV1;
import io.sealcloud.contracts.accounts.WorkspaceSuspensionChangedV1;
import io.sealcloud.platform.events.EventJson;
import io.sealcloud.platform.inbox.PoisonEventException;
import io.sealcloud.platform.inbox.ReceivedEvent;
import io.sealcloud.platform.sql.Sql;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithPostgres;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The shared projection on the documented tables (db/test/V100_4_1), events applied through the real inbox. */
@QuarkusTest
@WithKafka
@WithPostgres(database = "runtime")
@WithKubernetesTestServer
class TenancyProjectionTest {

    private static final String CONSUMER = "tenancy-test";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Function<ReceivedEvent, Uni<Void>> NO_OTHERS =
            e -> Uni.createFrom().failure(new AssertionError("not a projection type: " + e.type()));

    @Inject
    TenancyEvents events;

    @Inject
    TenancyProjection projection;

    @Inject
    DataSource dataSource;

    @Test
    void aMemberSeesTheWorkspaceWithTheirRoleAndTheOwnerIsAMemberFromTheStart() throws Throwable {
        String ws = "w-" + UUID.randomUUID();
        String owner = "owner-" + UUID.randomUUID();
        String dev = "dev-" + UUID.randomUUID();

        apply(created(ws, owner, T0));
        apply(added(ws, dev, "developer", T0.plusSeconds(1)));

        assertThat(membership(ws, owner))
                .contains(new WorkspaceMembership(ws, owner, "ns-" + ws, WorkspaceRole.OWNER, false, List.of()));
        assertThat(membership(ws, dev)).map(WorkspaceMembership::role).contains(WorkspaceRole.DEVELOPER);
    }

    @Test
    void aNonMemberAndAnUnknownWorkspaceAreEmptyAlike() throws Throwable {
        String ws = "w-" + UUID.randomUUID();
        String owner = "owner-" + UUID.randomUUID();
        apply(created(ws, owner, T0));

        assertThat(membership(ws, "stranger-" + UUID.randomUUID())).isEmpty();
        assertThat(membership("w-" + UUID.randomUUID(), owner)).isEmpty();
        assertThat(membership(ws, owner)).isPresent();
    }

    @Test
    void theNewestRoleWinsWhateverOrderTheEventsArriveIn() throws Throwable {
        String ws = "w-" + UUID.randomUUID();
        String user = "u-" + UUID.randomUUID();
        apply(created(ws, "owner-" + UUID.randomUUID(), T0));

        apply(changed(ws, user, "manager", T0.plusSeconds(20)));
        apply(added(ws, user, "developer", T0.plusSeconds(10))); // older: changes nothing
        assertThat(membership(ws, user)).map(WorkspaceMembership::role).contains(WorkspaceRole.MANAGER);

        apply(removed(ws, user, T0.plusSeconds(15))); // older than the role it would end: changes nothing
        assertThat(membership(ws, user)).map(WorkspaceMembership::role).contains(WorkspaceRole.MANAGER);

        apply(removed(ws, user, T0.plusSeconds(30)));
        assertThat(membership(ws, user)).isEmpty();
    }

    @Test
    void aRedeliveredEventIsANoOp() throws Throwable {
        String ws = "w-" + UUID.randomUUID();
        String user = "u-" + UUID.randomUUID();
        apply(created(ws, "owner-" + UUID.randomUUID(), T0));
        ReceivedEvent add = added(ws, user, "developer", T0.plusSeconds(10));

        apply(add);
        apply(removed(ws, user, T0.plusSeconds(20)));
        apply(add); // Kafka delivers at least once: the inbox finds the id and skips it

        assertThat(membership(ws, user)).isEmpty();
        assertThat(count("select count(*) from inbox_message where consumer = ? and event_id = ?", CONSUMER, add.id()))
                .isEqualTo(1);
    }

    @Test
    void aDeletedWorkspaceNeverComesBack() throws Throwable {
        String ws = "w-" + UUID.randomUUID();
        String owner = "owner-" + UUID.randomUUID();
        String dev = "dev-" + UUID.randomUUID();
        apply(created(ws, owner, T0));
        apply(added(ws, dev, "developer", T0.plusSeconds(1)));

        apply(deleted(ws, T0.plusSeconds(60)));
        assertThat(membership(ws, owner)).isEmpty();
        assertThat(membership(ws, dev)).isEmpty();

        // A creation and a membership that arrive after the deletion (replayed, or re-sent by the relay) revive
        // nothing.
        apply(created(ws, owner, T0));
        apply(added(ws, dev, "manager", T0.plusSeconds(120)));
        assertThat(membership(ws, owner)).isEmpty();
        assertThat(membership(ws, dev)).isEmpty();
        assertThat(count("select count(*) from workspace_members where workspace_id = ?", ws))
                .isZero();
    }

    @Test
    void aDeletionThatOvertakesTheCreationStillWins() throws Throwable {
        String ws = "w-" + UUID.randomUUID();
        String owner = "owner-" + UUID.randomUUID();

        apply(deleted(ws, T0.plusSeconds(60)));
        apply(created(ws, owner, T0));

        assertThat(membership(ws, owner)).isEmpty();
        assertThat(count(
                        "select count(*) from workspaces where id = ? and deleted_at is not null and owner_id = ?",
                        ws,
                        owner))
                .isEqualTo(1);
    }

    @Test
    void theNewestSuspensionStateWinsAndMayArriveBeforeTheWorkspace() throws Throwable {
        String ws = "w-" + UUID.randomUUID();
        String owner = "owner-" + UUID.randomUUID();

        apply(suspension(ws, true, List.of("ops", "debt"), T0.plusSeconds(20)));
        apply(created(ws, owner, T0));
        assertThat(membership(ws, owner)).hasValueSatisfying(m -> {
            assertThat(m.suspended()).isTrue();
            assertThat(m.suspensionReasons()).containsExactly("debt", "ops");
        });

        apply(suspension(ws, false, List.of(), T0.plusSeconds(10))); // older: does not lift it
        assertThat(membership(ws, owner)).map(WorkspaceMembership::suspended).contains(true);

        apply(suspension(ws, false, List.of(), T0.plusSeconds(30)));
        assertThat(membership(ws, owner)).hasValueSatisfying(m -> {
            assertThat(m.suspended()).isFalse();
            assertThat(m.suspensionReasons()).isEmpty();
        });
    }

    @Test
    void theNewestOwnerWinsAndEveryOwnerIsKnownFromTheTimeTheyBecameOwner() throws Throwable {
        String ws = "w-" + UUID.randomUUID();
        String creator = "creator-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();
        String third = "third-" + UUID.randomUUID();
        apply(created(ws, creator, T0));

        apply(ownerChanged(ws, second, third, T0.plusSeconds(60)));
        apply(ownerChanged(ws, creator, second, T0.plusSeconds(30))); // older, delivered late: still a fact of its time

        assertThat(membership(ws, creator)).map(WorkspaceMembership::ownerId).contains(third);
        assertThat(ownerAt(ws, T0.minusSeconds(1))).isEmpty();
        assertThat(ownerAt(ws, T0)).contains(creator);
        assertThat(ownerAt(ws, T0.plusSeconds(29))).contains(creator);
        assertThat(ownerAt(ws, T0.plusSeconds(30))).contains(second);
        assertThat(ownerAt(ws, T0.plusSeconds(59))).contains(second);
        assertThat(ownerAt(ws, T0.plusSeconds(600))).contains(third);
    }

    @Test
    void anOwnerChangeThatOvertakesTheCreationStillWins() throws Throwable {
        String ws = "w-" + UUID.randomUUID();
        String creator = "creator-" + UUID.randomUUID();
        String buyer = "buyer-" + UUID.randomUUID();

        apply(ownerChanged(ws, creator, buyer, T0.plusSeconds(60)));
        apply(created(ws, creator, T0));

        assertThat(membership(ws, creator)).map(WorkspaceMembership::ownerId).contains(buyer);
        assertThat(ownerAt(ws, T0.plusSeconds(1))).contains(creator);
        assertThat(ownerAt(ws, T0.plusSeconds(61))).contains(buyer);
    }

    @Test
    void anUnknownRoleIsAPoisonEventAndLeavesNoTrace() throws Throwable {
        String ws = "w-" + UUID.randomUUID();
        String user = "u-" + UUID.randomUUID();
        apply(created(ws, "owner-" + UUID.randomUUID(), T0));
        ReceivedEvent admin = added(ws, user, "admin", T0.plusSeconds(1));

        assertThatThrownBy(() -> apply(admin))
                .satisfies(t -> assertThat(causes(t)).hasAtLeastOneElementOfType(PoisonEventException.class));

        assertThat(membership(ws, user)).isEmpty();
        assertThat(count(
                        "select count(*) from inbox_message where consumer = ? and event_id = ?", CONSUMER, admin.id()))
                .isZero();
    }

    @Test
    void otherTypesGoToTheServicesOwnEffectOnceInTheSameTransaction() throws Throwable {
        String account = "acc-" + UUID.randomUUID();
        ReceivedEvent debt = event(
                AccountsEvents.ACCOUNT_DEBT_STATE_CHANGED,
                new AccountDebtStateChangedV1(account, "debt", "critical", -1, T0));
        AtomicInteger calls = new AtomicInteger();
        Function<ReceivedEvent, Uni<Void>> own = e -> {
            calls.incrementAndGet();
            return Sql.update(
                            "insert into messaging_test_effect (subject, applied) values (:s, 1)",
                            Map.of(
                                    "s",
                                    e.dataAs(AccountDebtStateChangedV1.class).accountId()))
                    .replaceWithVoid();
        };

        VertxContextSupport.subscribeAndAwait(() -> events.process(CONSUMER, debt, own));
        VertxContextSupport.subscribeAndAwait(() -> events.process(CONSUMER, debt, own));

        assertThat(calls).hasValue(1);
        assertThat(count("select count(*) from messaging_test_effect where subject = ?", account))
                .isEqualTo(1);
    }

    @Test
    void theDocumentedTablesHaveEveryColumnTheProjectionNeeds() throws Throwable {
        assertThat(VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(projection::missingColumns)))
                .isEmpty();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private void apply(ReceivedEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> events.process(CONSUMER, event, NO_OTHERS));
    }

    private Optional<WorkspaceMembership> membership(String ws, String user) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> projection.membership(ws, user)));
    }

    private Optional<String> ownerAt(String ws, Instant at) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> projection.ownerAt(ws, at)));
    }

    private static ReceivedEvent ownerChanged(String ws, String previous, String next, Instant at) {
        return event(AccountsEvents.WORKSPACE_OWNER_CHANGED, new WorkspaceOwnerChangedV1(ws, previous, next, at));
    }

    private static ReceivedEvent created(String ws, String owner, Instant at) {
        return event(
                AccountsEvents.WORKSPACE_CREATED,
                new WorkspaceCreatedV1(ws, "ws", "WS", "team", owner, "ns-" + ws, at));
    }

    private static ReceivedEvent deleted(String ws, Instant at) {
        return event(AccountsEvents.WORKSPACE_DELETED, new WorkspaceDeletedV1(ws, "ns-" + ws, "someone", at));
    }

    private static ReceivedEvent added(String ws, String user, String role, Instant at) {
        return event(AccountsEvents.MEMBER_ADDED, new MemberAddedV1(ws, user, "name", role, "someone", at));
    }

    private static ReceivedEvent changed(String ws, String user, String role, Instant at) {
        return event(AccountsEvents.MEMBER_CHANGED, new MemberChangedV1(ws, user, role, "developer", "someone", at));
    }

    private static ReceivedEvent removed(String ws, String user, Instant at) {
        return event(AccountsEvents.MEMBER_REMOVED, new MemberRemovedV1(ws, user, "developer", "someone", at));
    }

    private static ReceivedEvent suspension(String ws, boolean suspended, List<String> reasons, Instant at) {
        return event(
                AccountsEvents.WORKSPACE_SUSPENSION_CHANGED,
                new WorkspaceSuspensionChangedV1(ws, "ns-" + ws, suspended, reasons, at));
    }

    /** As the inbox would receive it from Kafka: the data as JSON, a fresh CloudEvents id. */
    private static <T> ReceivedEvent event(EventType<T> type, T data) {
        JsonNode json = EventJson.read(EventJson.write(data).getBytes(StandardCharsets.UTF_8));
        return new ReceivedEvent(
                UUID.randomUUID().toString(),
                type.type(),
                "/sealcloud/accounts",
                null,
                Instant.now(),
                type.dataschema(),
                json);
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    private long count(String sql, String... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
