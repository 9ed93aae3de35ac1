package io.sealcloud.accounts.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.config.AccountsConfig;
import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.domain.ConflictException;
import io.sealcloud.accounts.domain.Invitation;
import io.sealcloud.accounts.domain.InvitationCodes;
import io.sealcloud.accounts.domain.InvitationException;
import io.sealcloud.accounts.domain.IssuedInvitation;
import io.sealcloud.accounts.domain.Membership;
import io.sealcloud.accounts.domain.PageOf;
import io.sealcloud.accounts.domain.TeamPolicy;
import io.sealcloud.accounts.domain.WorkspaceInfo;
import io.sealcloud.accounts.domain.WorkspaceRole;
import io.sealcloud.accounts.repository.InvitationRepository;
import io.sealcloud.accounts.repository.MembershipRepository;
import io.sealcloud.accounts.repository.WorkspaceRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Invitations to team workspaces: issued by the owner or a manager for role manager or developer, optionally bound
 * to an email address, expiring after {@code sealcloud.accounts.invitations.ttl}, usable once (accept or decline),
 * revocable while pending.
 */
@ApplicationScoped
public class InvitationService {

    private static final Logger LOG = Logger.getLogger(InvitationService.class);

    private final InvitationRepository invitations;
    private final MembershipRepository memberships;
    private final WorkspaceRepository workspaces;
    private final TeamService team;
    private final WorkspaceEvents events;
    private final AuditLog audit;
    private final AccountsConfig config;
    private final Clock clock;

    public InvitationService(
            InvitationRepository invitations,
            MembershipRepository memberships,
            WorkspaceRepository workspaces,
            TeamService team,
            WorkspaceEvents events,
            AuditLog audit,
            AccountsConfig config,
            Clock clock) {
        this.invitations = invitations;
        this.memberships = memberships;
        this.workspaces = workspaces;
        this.team = team;
        this.events = events;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** Issues an invitation; the returned code is shown once. */
    public Uni<IssuedInvitation> invite(Caller caller, String workspaceId, WorkspaceRole role, String email) {
        Instant now = now();
        return Panache.withTransaction(() -> team.access(caller, workspaceId).chain(access -> {
            TeamPolicy.checkInvitation(access.role(), access.workspace().kind, role);
            String code = InvitationCodes.newCode();
            Invitation invitation = new Invitation();
            invitation.id = InvitationCodes.newId();
            invitation.workspaceId = workspaceId;
            invitation.codeSha256 = InvitationCodes.sha256(code);
            invitation.role = role;
            invitation.email = email == null ? null : email.strip().toLowerCase(Locale.ROOT);
            invitation.invitedBy = caller.id();
            invitation.createdAt = now;
            invitation.expiresAt = now.plus(config.invitations().ttl()).truncatedTo(ChronoUnit.MICROS);
            invitation.state = Invitation.PENDING;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("role", role.wire());
            details.put("expiresAt", invitation.expiresAt.toString());
            if (invitation.email != null) {
                details.put("email", invitation.email);
            }
            return invitations
                    .persistAndFlush(invitation)
                    .chain(() -> audit.record(caller.id(), "invitation.created", workspaceId, invitation.id, details))
                    .map(ignored -> new IssuedInvitation(invitation, code));
        }));
    }

    /** A page of the workspace's invitations (owner or manager), newest first. */
    public Uni<PageOf<Invitation>> list(Caller caller, String workspaceId, int page, int size) {
        return Panache.withSession(() -> team.access(caller, workspaceId).chain(access -> {
            TeamPolicy.requireManager(access.role(), "see invitations");
            return invitations.page(workspaceId, page, size);
        }));
    }

    /** Revokes a pending invitation (owner or manager); 404 for an unknown or no longer pending one. */
    public Uni<Void> revoke(Caller caller, String workspaceId, String invitationId) {
        Instant now = now();
        return Panache.withTransaction(() -> team.access(caller, workspaceId).chain(access -> {
            TeamPolicy.requireManager(access.role(), "revoke invitations");
            return invitations
                    .revoke(workspaceId, invitationId, caller.id(), now)
                    .chain(revoked -> revoked
                            ? audit.record(caller.id(), "invitation.revoked", workspaceId, invitationId, Map.of())
                            : Uni.createFrom()
                                    .failure(new InvitationException(
                                            InvitationException.Kind.NOT_FOUND,
                                            "No pending invitation '" + invitationId + "' in this workspace.")));
        }));
    }

    /**
     * Accepts an invitation: the caller becomes a member with its role. Fails for an unknown code (404), a used,
     * declined, revoked or expired one (410), another email address than the invitation's (403, and only a verified
     * address counts), or a caller who is a member already (409; the invitation stays usable).
     */
    public Uni<WorkspaceInfo> accept(Caller caller, boolean emailVerified, String code) {
        Instant now = now();
        return Panache.withTransaction(() -> usable(caller, emailVerified, code, now)
                .chain(invitation -> memberships
                        .roleOf(invitation.workspaceId, caller.id())
                        .chain(existing -> existing != null
                                ? Uni.createFrom()
                                        .failure(new ConflictException(
                                                "already-member", "The caller is a member of this workspace already."))
                                : resolve(invitation, Invitation.ACCEPTED, caller, now))
                        .chain(() -> memberships.persistAndFlush(
                                new Membership(invitation.workspaceId, caller.id(), invitation.role, now)))
                        .chain(() -> events.memberAdded(
                                invitation.workspaceId,
                                caller.id(),
                                caller.username(),
                                invitation.role,
                                invitation.invitedBy,
                                now))
                        .chain(() -> audit.record(
                                caller.id(),
                                "member.added",
                                invitation.workspaceId,
                                caller.id(),
                                Map.of(
                                        "role", invitation.role.wire(),
                                        "invitation", invitation.id,
                                        "invitedBy", invitation.invitedBy)))
                        .chain(() -> workspaces.findForMember(caller.id(), invitation.workspaceId))
                        .invoke(info -> LOG.infof(
                                "User %s joined workspace %s as %s",
                                caller.id(), invitation.workspaceId, invitation.role.wire()))));
    }

    /** Declines an invitation (the invited user; same checks as accepting). */
    public Uni<Void> decline(Caller caller, boolean emailVerified, String code) {
        Instant now = now();
        return Panache.withTransaction(() -> usable(caller, emailVerified, code, now)
                .chain(invitation -> resolve(invitation, Invitation.DECLINED, caller, now)
                        .chain(() -> audit.record(
                                caller.id(), "invitation.declined", invitation.workspaceId, invitation.id, Map.of()))));
    }

    private Uni<Invitation> usable(Caller caller, boolean emailVerified, String code, Instant now) {
        return invitations.findByCodeHash(InvitationCodes.sha256(code)).map(invitation -> {
            if (invitation == null) {
                throw new InvitationException(InvitationException.Kind.NOT_FOUND, "No invitation has this code.");
            }
            if (!Invitation.PENDING.equals(invitation.state)) {
                throw new InvitationException(
                        InvitationException.Kind.USED, "This invitation was " + invitation.state + " already.");
            }
            if (!invitation.expiresAt.isAfter(now)) {
                throw new InvitationException(InvitationException.Kind.EXPIRED, "This invitation has expired.");
            }
            if (invitation.email != null
                    && (!emailVerified
                            || caller.email() == null
                            || !invitation.email.equalsIgnoreCase(caller.email().strip()))) {
                throw new InvitationException(
                        InvitationException.Kind.EMAIL_MISMATCH,
                        "This invitation is for another (verified) email address.");
            }
            return invitation;
        });
    }

    private Uni<Void> resolve(Invitation invitation, String state, Caller caller, Instant now) {
        return invitations
                .resolve(invitation.id, state, caller.id(), now)
                .chain(done -> done
                        ? Uni.createFrom().voidItem()
                        // Lost a race with another accept/decline of the same code, or it expired in between.
                        : Uni.createFrom()
                                .failure(new InvitationException(
                                        InvitationException.Kind.USED, "This invitation was used already.")));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
