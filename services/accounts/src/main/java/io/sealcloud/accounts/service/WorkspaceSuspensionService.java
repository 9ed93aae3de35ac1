package io.sealcloud.accounts.service;

import io.sealcloud.accounts.repository.SuspensionRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Suspends and resumes workspaces by reason. A workspace is suspended while it has any reason ({@code debt},
 * {@code ops}, ...): lifting one reason never resumes a workspace another reason still holds. Every method joins the
 * caller's Hibernate Reactive transaction (and fails without one), so the suspension commits with the change that
 * caused it, together with one {@code workspace.suspension-changed} event per workspace whose reasons changed (the
 * whole state: suspended and the sorted reasons; the workspace row is locked first, so concurrent changes of one
 * workspace are serialized and their events leave the outbox in commit order). The database → Workspace resource sync carries the reasons into {@code spec.suspensionReasons} within
 * {@code sealcloud.accounts.sync.interval}; the controller then scales workloads down or restores them.
 */
@ApplicationScoped
public class WorkspaceSuspensionService {

    public static final String REASON_DEBT = "debt";
    public static final String REASON_OPS = "ops";

    private static final Pattern REASON = Pattern.compile("^[a-z][a-z0-9-]{0,30}[a-z0-9]$");
    private static final Logger LOG = Logger.getLogger(WorkspaceSuspensionService.class);

    private final SuspensionRepository suspensions;
    private final AuditLog audit;
    private final WorkspaceEvents events;
    private final Clock clock;

    public WorkspaceSuspensionService(
            SuspensionRepository suspensions, AuditLog audit, WorkspaceEvents events, Clock clock) {
        this.suspensions = suspensions;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** Adds {@code reason} to the workspace's suspension reasons (no-op when present or the workspace is unknown). */
    public Uni<Void> suspend(String workspaceId, String reason) {
        checkReason(reason);
        return Transactions.current("suspend")
                .chain(session -> suspensions
                        .lockWorkspace(session, workspaceId)
                        .chain(locked -> change(session, locked, reason, true)))
                .call(added -> added > 0
                        ? audit.record(
                                AuditLog.SYSTEM, "workspace.suspended", workspaceId, null, Map.of("reason", reason))
                        : Uni.createFrom().voidItem())
                .invoke(added -> log(added, "Suspended workspace %s (%s)", workspaceId, reason))
                .replaceWithVoid();
    }

    /** Removes {@code reason}; the workspace resumes only if no other reason remains. */
    public Uni<Void> lift(String workspaceId, String reason) {
        checkReason(reason);
        return Transactions.current("lift")
                .chain(session -> suspensions
                        .lockWorkspace(session, workspaceId)
                        .chain(locked -> change(session, locked, reason, false)))
                .call(removed -> removed > 0
                        ? audit.record(
                                AuditLog.SYSTEM,
                                "workspace.suspension-lifted",
                                workspaceId,
                                null,
                                Map.of("reason", reason))
                        : Uni.createFrom().voidItem())
                .invoke(removed -> log(removed, "Lifted suspension %2$s of workspace %1$s", workspaceId, reason))
                .replaceWithVoid();
    }

    /** Adds {@code reason} to every workspace {@code userId} owns (the debt ladder: the owner pays for them). */
    public Uni<Void> suspendOwnedBy(String userId, String reason) {
        checkReason(reason);
        return Transactions.current("suspendOwnedBy")
                .chain(session ->
                        suspensions.lockOwnedBy(session, userId).chain(locked -> change(session, locked, reason, true)))
                .call(added -> added > 0
                        ? audit.record(
                                AuditLog.SYSTEM,
                                "workspaces.suspended",
                                null,
                                userId,
                                Map.of("reason", reason, "workspaces", added))
                        : Uni.createFrom().voidItem())
                .invoke(added -> log(added, "Suspended %3$d workspaces of user %1$s (%2$s)", userId, reason, added))
                .replaceWithVoid();
    }

    /** Removes {@code reason} from every workspace {@code userId} owns. */
    public Uni<Void> liftOwnedBy(String userId, String reason) {
        checkReason(reason);
        return Transactions.current("liftOwnedBy")
                .chain(session -> suspensions
                        .lockOwnedBy(session, userId)
                        .chain(locked -> change(session, locked, reason, false)))
                .call(removed -> removed > 0
                        ? audit.record(
                                AuditLog.SYSTEM,
                                "workspaces.suspension-lifted",
                                null,
                                userId,
                                Map.of("reason", reason, "workspaces", removed))
                        : Uni.createFrom().voidItem())
                .invoke(removed ->
                        log(removed, "Lifted suspension %2$s of %3$d workspaces of user %1$s", userId, reason, removed))
                .replaceWithVoid();
    }

    /**
     * Adds or removes {@code reason} on each locked workspace, one after the other (a session runs one statement at a
     * time), and for each one that changed appends {@code workspace.suspension-changed} with its whole state as this
     * transaction leaves it. Returns how many changed.
     */
    private Uni<Integer> change(Mutiny.Session session, Map<String, String> locked, String reason, boolean add) {
        Uni<Integer> changed = Uni.createFrom().item(0);
        for (Map.Entry<String, String> workspace : locked.entrySet()) {
            String id = workspace.getKey();
            changed = changed.chain(count -> (add
                            ? suspensions.add(session, id, reason, now())
                            : suspensions.remove(session, id, reason))
                    .chain(rows -> rows == 0
                            ? Uni.createFrom().item(count)
                            : suspensions
                                    .reasons(session, id)
                                    .chain(reasons ->
                                            events.suspensionChanged(id, workspace.getValue(), reasons, now()))
                                    .replaceWith(count + 1)));
        }
        return changed;
    }

    private java.time.Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static void checkReason(String reason) {
        if (reason == null || !REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException(
                    "A suspension reason is a lower-case word of 2-32 letters, digits and '-', not " + reason);
        }
    }

    private static void log(int changed, String format, Object... args) {
        if (changed > 0) {
            LOG.infof(format, args);
        }
    }
}
