package io.sealcloud.accounts.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.config.AccountsConfig;
import io.sealcloud.accounts.domain.AccessDeniedException;
import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.domain.ConflictException;
import io.sealcloud.accounts.domain.Membership;
import io.sealcloud.accounts.domain.OwnershipTransfer;
import io.sealcloud.accounts.domain.OwnershipTransferException;
import io.sealcloud.accounts.domain.TeamPolicy;
import io.sealcloud.accounts.domain.TeamRuleException;
import io.sealcloud.accounts.domain.UniqueViolations;
import io.sealcloud.accounts.domain.Workspace;
import io.sealcloud.accounts.domain.WorkspaceRole;
import io.sealcloud.accounts.repository.AccountRepository;
import io.sealcloud.accounts.repository.MembershipRepository;
import io.sealcloud.accounts.repository.OwnershipHistoryRepository;
import io.sealcloud.accounts.repository.OwnershipTransferRepository;
import io.sealcloud.accounts.repository.WorkspaceRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Ownership transfer with the new owner's consent. The owner offers the workspace to a member (one pending offer per
 * workspace; a new one cancels the previous); the member accepts or declines it; the owner may cancel it; it expires
 * after {@code sealcloud.accounts.ownership-transfers.ttl}. Nothing changes until the member accepts: then, in that
 * transaction, {@link #changeOwner} makes them the owner (the one place ownership changes). The rules of a transfer
 * hold when the offer is made and again when it is accepted: a team workspace, a member, and a new owner whose account
 * is not in debt (409 {@code new-owner-in-debt}) and who owns no workspace of the same name (409
 * {@code workspace-name-taken}).
 */
@ApplicationScoped
public class OwnershipTransferService {

    private static final Logger LOG = Logger.getLogger(OwnershipTransferService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TeamService team;
    private final WorkspaceRepository workspaces;
    private final MembershipRepository memberships;
    private final OwnershipTransferRepository transfers;
    private final OwnershipHistoryRepository history;
    private final AccountRepository accounts;
    private final DebtActions debtActions;
    private final WorkspaceEvents events;
    private final AuditLog audit;
    private final AccountsConfig config;
    private final Clock clock;

    public OwnershipTransferService(
            TeamService team,
            WorkspaceRepository workspaces,
            MembershipRepository memberships,
            OwnershipTransferRepository transfers,
            OwnershipHistoryRepository history,
            AccountRepository accounts,
            DebtActions debtActions,
            WorkspaceEvents events,
            AuditLog audit,
            AccountsConfig config,
            Clock clock) {
        this.team = team;
        this.workspaces = workspaces;
        this.memberships = memberships;
        this.transfers = transfers;
        this.history = history;
        this.accounts = accounts;
        this.debtActions = debtActions;
        this.events = events;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The owner offers the workspace to a member; nothing else changes. 403 for anyone but the owner, 422 for a
     * personal workspace, the owner themselves or a non-member, 409 for a new owner in debt or owning a workspace of
     * the same name.
     */
    public Uni<OwnershipTransfer> offer(Caller caller, String workspaceId, String newOwnerId) {
        Instant now = now();
        return Panache.withTransaction(() -> team.access(caller, workspaceId).chain(access -> {
                    Workspace workspace = access.workspace();
                    TeamPolicy.checkTransfer(access.role(), workspace.kind, caller.id(), newOwnerId);
                    return memberships
                            .roleOf(workspaceId, newOwnerId)
                            .chain(role -> role == null
                                    ? Uni.createFrom().<io.sealcloud.accounts.domain.Account>failure(notAMember())
                                    : accounts.findById(newOwnerId))
                            .invoke(account ->
                                    TeamPolicy.checkNewOwnerNotInDebt(account == null ? null : account.state()))
                            .chain(() -> workspaces.existsByOwnerAndName(newOwnerId, workspace.name))
                            .chain(taken -> taken
                                    ? Uni.createFrom().<OwnershipTransfer>failure(nameTaken())
                                    : transfers.lockPending(workspaceId))
                            .chain(previous -> previous == null
                                    ? Uni.createFrom().voidItem()
                                    : resolve(previous, OwnershipTransfer.CANCELLED, caller.id(), now))
                            .chain(() -> {
                                OwnershipTransfer offer = new OwnershipTransfer();
                                offer.id = newId();
                                offer.workspaceId = workspaceId;
                                offer.fromUserId = caller.id();
                                offer.toUserId = newOwnerId;
                                offer.createdAt = now;
                                offer.expiresAt =
                                        now.plus(config.ownershipTransfers().ttl());
                                offer.state = OwnershipTransfer.PENDING;
                                return transfers.persistAndFlush(offer);
                            })
                            .call(offer -> audit.record(
                                    caller.id(),
                                    "workspace.ownership-offered",
                                    workspaceId,
                                    newOwnerId,
                                    Map.of("transfer", offer.id, "expiresAt", offer.expiresAt.toString())));
                }))
                .invoke(offer ->
                        LOG.infof("Offered workspace %s to user %s (offer %s)", workspaceId, newOwnerId, offer.id));
    }

    /** The workspace's open offer: for its owner and the member it is offered to (403 for others, 404 for none). */
    public Uni<OwnershipTransfer> pending(Caller caller, String workspaceId) {
        Instant now = now();
        return Panache.withSession(() -> team.access(caller, workspaceId)
                .chain(access -> transfers.findPending(workspaceId).map(offer -> {
                    if (offer == null || !offer.isOpen(now)) {
                        throw noOffer();
                    }
                    if (access.role() != WorkspaceRole.OWNER && !caller.id().equals(offer.toUserId)) {
                        throw new AccessDeniedException(
                                "Only the owner and the member it is offered to see the offer.");
                    }
                    return offer;
                })));
    }

    /** The open offers waiting for the caller's answer, oldest first. */
    public Uni<List<OwnershipTransfer>> offeredTo(Caller caller) {
        Instant now = now();
        return Panache.withSession(() -> transfers.openFor(caller.id(), now));
    }

    /**
     * The member the workspace is offered to accepts it and becomes the owner; the former owner becomes a manager. The
     * offer is locked first, then both accounts (in id order, as every transfer and the ledger do), so the debt check
     * sees the state every concurrent ledger move left. 404 without an offer, 403 for anyone else, 410 once expired,
     * 409 {@code new-owner-in-debt} / {@code workspace-name-taken}; a refused accept leaves the offer pending.
     */
    public Uni<Void> accept(Caller caller, String workspaceId) {
        Instant now = now();
        return Panache.withTransaction(() -> transfers
                        .lockPending(workspaceId)
                        .chain(offer -> team.access(caller, workspaceId).chain(access -> {
                            OwnershipTransfer open = usableBy(offer, caller, now);
                            return debtActions
                                    .lockForTransfer(open.fromUserId, caller.id())
                                    .chain(newOwnerAccount -> {
                                        Workspace workspace = access.workspace();
                                        if (!open.fromUserId.equals(workspace.ownerId)) {
                                            return Uni.createFrom()
                                                    .<Void>failure(new ConflictException(
                                                            "ownership-transfer-stale",
                                                            "The workspace changed hands since the offer was made."));
                                        }
                                        TeamPolicy.checkNewOwnerNotInDebt(
                                                newOwnerAccount == null ? null : newOwnerAccount.state());
                                        return memberships
                                                .findById(new Membership.Key(workspaceId, caller.id()))
                                                .chain(target -> resolve(
                                                                open, OwnershipTransfer.ACCEPTED, caller.id(), now)
                                                        .chain(() -> changeOwner(
                                                                workspace, target, open.fromUserId, open.id, now)));
                                    });
                        })))
                // The new owner may already own a workspace with this name (names are unique per owner).
                .onFailure(f -> UniqueViolations.isViolationOf(f, WorkspaceService.OWNER_NAME_CONSTRAINT))
                .transform(f -> nameTaken())
                .invoke(() -> LOG.infof("Transferred workspace %s to user %s", workspaceId, caller.id()));
    }

    /** The member the workspace is offered to declines it; nothing else changes. */
    public Uni<Void> decline(Caller caller, String workspaceId) {
        Instant now = now();
        return Panache.withTransaction(() -> transfers
                .lockPending(workspaceId)
                .chain(offer -> team.access(caller, workspaceId).chain(access -> {
                    OwnershipTransfer open = usableBy(offer, caller, now);
                    return resolve(open, OwnershipTransfer.DECLINED, caller.id(), now)
                            .chain(() -> audit.record(
                                    caller.id(),
                                    "workspace.ownership-declined",
                                    workspaceId,
                                    open.fromUserId,
                                    Map.of("transfer", open.id)));
                })));
    }

    /** The owner withdraws the pending offer (expired or not); 404 without one. */
    public Uni<Void> cancel(Caller caller, String workspaceId) {
        Instant now = now();
        return Panache.withTransaction(() -> transfers
                .lockPending(workspaceId)
                .chain(offer -> team.access(caller, workspaceId).chain(access -> {
                    TeamPolicy.requireOwner(access.role(), "withdraw an ownership offer");
                    if (offer == null) {
                        return Uni.createFrom().failure(noOffer());
                    }
                    return resolve(offer, OwnershipTransfer.CANCELLED, caller.id(), now)
                            .chain(() -> audit.record(
                                    caller.id(),
                                    "workspace.ownership-offer-cancelled",
                                    workspaceId,
                                    offer.toUserId,
                                    Map.of("transfer", offer.id)));
                })));
    }

    /**
     * The one place a workspace changes owner, in the accepting transaction: {@code target} becomes the owner, the
     * former owner a manager; the ownership history closes the former owner's period and opens the new one's (charges
     * for usage before {@code now} still go to the former owner); {@code member.changed} for both,
     * {@code workspace.owner-changed} (every projection learns who pays from now on), the audit entry,
     * and the workspace leaves the former owner's debt (the new owner is not in debt: checked).
     */
    private Uni<Void> changeOwner(
            Workspace workspace, Membership target, String formerOwnerId, String transferId, Instant now) {
        String workspaceId = workspace.id;
        String newOwnerId = target.key.userId;
        return memberships
                .findById(new Membership.Key(workspaceId, formerOwnerId))
                .chain(self -> {
                    WorkspaceRole targetPrevious = target.role;
                    target.role = WorkspaceRole.OWNER;
                    self.role = WorkspaceRole.MANAGER;
                    workspace.ownerId = newOwnerId;
                    return workspaces
                            .flush()
                            .chain(() -> history.moveOwner(workspaceId, newOwnerId, now))
                            .chain(() -> events.memberChanged(
                                    workspaceId, newOwnerId, WorkspaceRole.OWNER, targetPrevious, formerOwnerId, now))
                            .chain(() -> events.memberChanged(
                                    workspaceId,
                                    formerOwnerId,
                                    WorkspaceRole.MANAGER,
                                    WorkspaceRole.OWNER,
                                    formerOwnerId,
                                    now))
                            .chain(() -> events.ownerChanged(workspaceId, formerOwnerId, newOwnerId, now))
                            .chain(() -> audit.record(
                                    newOwnerId,
                                    "workspace.ownership-transferred",
                                    workspaceId,
                                    newOwnerId,
                                    Map.of("previousOwner", formerOwnerId, "transfer", transferId)))
                            // The new owner is not in debt (checked): nothing of the former owner's debt stays here.
                            .chain(() -> debtActions.releaseFromFormerOwnersDebt(workspaceId));
                });
    }

    /** The offer, if the caller may answer it now: it exists, is for them, and has not expired. */
    private static OwnershipTransfer usableBy(OwnershipTransfer offer, Caller caller, Instant now) {
        if (offer == null) {
            throw noOffer();
        }
        if (!caller.id().equals(offer.toUserId)) {
            throw new AccessDeniedException("Only the member the ownership is offered to may answer the offer.");
        }
        if (!offer.isOpen(now)) {
            throw new OwnershipTransferException(
                    OwnershipTransferException.Kind.EXPIRED, "The ownership offer expired at " + offer.expiresAt + ".");
        }
        return offer;
    }

    private Uni<Void> resolve(OwnershipTransfer offer, String state, String by, Instant now) {
        offer.state = state;
        offer.resolvedBy = by;
        offer.resolvedAt = now;
        return transfers.flush();
    }

    private static OwnershipTransferException noOffer() {
        return new OwnershipTransferException(
                OwnershipTransferException.Kind.NOT_FOUND, "No ownership offer is pending for this workspace.");
    }

    private static TeamRuleException notAMember() {
        return new TeamRuleException("not-a-member", "Ownership can only go to a member of the workspace.");
    }

    private static ConflictException nameTaken() {
        return new ConflictException("workspace-name-taken", "The new owner already owns a workspace with this name.");
    }

    private static String newId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return "ot-" + HexFormat.of().formatHex(bytes);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
