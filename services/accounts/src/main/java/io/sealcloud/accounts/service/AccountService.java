package io.sealcloud.accounts.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.domain.Membership;
import io.sealcloud.accounts.domain.SignIn;
import io.sealcloud.accounts.domain.UserProfile;
import io.sealcloud.accounts.domain.Workspace;
import io.sealcloud.accounts.domain.WorkspaceIds;
import io.sealcloud.accounts.domain.WorkspaceKind;
import io.sealcloud.accounts.domain.WorkspaceNames;
import io.sealcloud.accounts.domain.WorkspaceRole;
import io.sealcloud.accounts.repository.MembershipRepository;
import io.sealcloud.accounts.repository.UserRepository;
import io.sealcloud.accounts.repository.WorkspaceRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Just-in-time sign-up: the first authenticated request of a person creates their user (from the token) and their
 * personal workspace; later requests refresh a changed profile. Safe under concurrent first requests: the user is an
 * upsert and the personal workspace insert loses quietly against a concurrent one (unique index, ON CONFLICT).
 */
@ApplicationScoped
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class);

    private final UserRepository users;
    private final WorkspaceRepository workspaces;
    private final MembershipRepository memberships;
    private final WorkspaceEvents events;
    private final Clock clock;
    private final LedgerService ledger;
    private final DebtActions debtActions;

    public AccountService(
            UserRepository users,
            WorkspaceRepository workspaces,
            MembershipRepository memberships,
            WorkspaceEvents events,
            Clock clock,
            LedgerService ledger,
            DebtActions debtActions) {
        this.users = users;
        this.workspaces = workspaces;
        this.memberships = memberships;
        this.events = events;
        this.clock = clock;
        this.ledger = ledger;
        this.debtActions = debtActions;
    }

    /** Makes sure the caller exists with an up-to-date profile and a personal workspace. */
    public Uni<SignIn> signIn(Caller caller) {
        // The common case reads only: a known user with an unchanged profile and a personal workspace.
        return Panache.withSession(() -> users.findById(caller.id())
                        .chain(user -> UserRepository.matches(user, caller)
                                ? workspaces
                                        .findPersonal(caller.id())
                                        .map(personal -> personal == null
                                                ? null
                                                : new SignIn(UserProfile.of(user), personal, false))
                                : Uni.createFrom().nullItem()))
                .chain(known -> known != null ? Uni.createFrom().item(known) : signUp(caller));
    }

    private Uni<SignIn> signUp(Caller caller) {
        // Microseconds: what PostgreSQL stores, so the value read back equals the one written.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Workspace personal = newPersonalWorkspace(caller, now);
        return Panache.withTransaction(() -> users.upsert(caller, now)
                        // The account (and its one-time sign-up credit) is born with the user, in this transaction.
                        .chain(() -> ledger.openAccount(caller.id()))
                        .chain(() -> workspaces.insertPersonalIfAbsent(personal))
                        .call(inserted -> inserted
                                ? addOwnerAndAnnounce(personal, caller)
                                : Uni.createFrom().voidItem())
                        .chain(inserted -> workspaces
                                .findPersonal(caller.id())
                                .map(info -> new SignIn(UserProfile.of(caller), info, inserted))))
                .invoke(signIn -> {
                    if (signIn.created()) {
                        LOG.infof(
                                "Signed up user %s (%s) with personal workspace %s",
                                caller.id(), caller.username(), personal.id);
                    }
                });
    }

    private Uni<Void> addOwnerAndAnnounce(Workspace personal, Caller caller) {
        return memberships
                .persist(new Membership(personal.id, personal.ownerId, WorkspaceRole.OWNER, personal.createdAt))
                .chain(() -> events.created(personal))
                .chain(() -> events.memberAdded(
                        personal.id,
                        personal.ownerId,
                        caller.username(),
                        WorkspaceRole.OWNER,
                        personal.ownerId,
                        personal.createdAt))
                // A user whose workspaces final deletion removed gets a new personal one: suspended while in debt.
                .chain(() -> debtActions.suspendIfOwnerInDebt(personal.id, personal.ownerId));
    }

    private static Workspace newPersonalWorkspace(Caller caller, Instant now) {
        Workspace workspace = new Workspace();
        workspace.id = WorkspaceIds.newId();
        workspace.name = WorkspaceNames.personalName(caller.username());
        workspace.displayName = caller.name() != null && !caller.name().isBlank() ? caller.name() : caller.username();
        workspace.kind = WorkspaceKind.PERSONAL;
        workspace.ownerId = caller.id();
        workspace.namespace = WorkspaceIds.namespaceOf(workspace.id);
        workspace.phase = "Pending";
        workspace.createdAt = now;
        return workspace;
    }
}
