package io.sealcloud.accounts.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.domain.PageOf;
import io.sealcloud.accounts.domain.QuotaOverrides;
import io.sealcloud.accounts.domain.UserProfile;
import io.sealcloud.accounts.domain.WorkspaceNotFoundException;
import io.sealcloud.accounts.domain.WorkspaceState;
import io.sealcloud.accounts.repository.OpsSearchRepository;
import io.sealcloud.accounts.repository.WorkspaceRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The workspace side of the ops back-office: find users and workspaces, suspend and resume a workspace by hand
 * (reason {@code ops}, independent of debt), set its quota. Every change is audited with the operator as actor; the
 * resource layer checks the {@code ops} role.
 */
@ApplicationScoped
public class OpsService {

    private final OpsSearchRepository search;
    private final WorkspaceRepository workspaces;
    private final WorkspaceSuspensionService suspensions;
    private final WorkspaceService workspaceService;
    private final AuditLog audit;

    public OpsService(
            OpsSearchRepository search,
            WorkspaceRepository workspaces,
            WorkspaceSuspensionService suspensions,
            WorkspaceService workspaceService,
            AuditLog audit) {
        this.search = search;
        this.workspaces = workspaces;
        this.suspensions = suspensions;
        this.workspaceService = workspaceService;
        this.audit = audit;
    }

    public Uni<PageOf<UserProfile>> users(String query, int page, int size) {
        return Panache.withSession(() -> search.users(query, page, size));
    }

    /** Workspaces matching the query, each with its suspension reasons and quota overrides. */
    public Uni<PageOf<WorkspaceState>> workspaces(String query, int page, int size) {
        return Panache.withSession(() -> search.workspaces(query, page, size));
    }

    /** Suspends a workspace by hand (reason {@code ops}); {@code why} goes to the audit log. */
    public Uni<Void> suspend(Caller operator, String workspaceId, String why) {
        return Panache.withTransaction(() -> existing(workspaceId)
                .chain(() -> suspensions.suspend(workspaceId, WorkspaceSuspensionService.REASON_OPS))
                .chain(() -> audit.record(
                        operator.id(), "ops.workspace-suspended", workspaceId, null, Map.of("reason", why))));
    }

    /** Lifts the {@code ops} suspension; a debt suspension (if any) stays. */
    public Uni<Void> resume(Caller operator, String workspaceId, String why) {
        Map<String, Object> details = new HashMap<>();
        if (why != null) {
            details.put("reason", why);
        }
        return Panache.withTransaction(() -> existing(workspaceId)
                .chain(() -> suspensions.lift(workspaceId, WorkspaceSuspensionService.REASON_OPS))
                .chain(() -> audit.record(operator.id(), "ops.workspace-resumed", workspaceId, null, details)));
    }

    /** Replaces the workspace's quota overrides (null values: the configured default). */
    public Uni<QuotaOverrides> setQuota(Caller operator, String workspaceId, QuotaOverrides quota, String why) {
        return Panache.withTransaction(() -> workspaces.findById(workspaceId).chain(workspace -> {
            if (workspace == null) {
                return Uni.createFrom().failure(new WorkspaceNotFoundException(workspaceId));
            }
            QuotaOverrides previous = workspace.quota();
            workspace.quotaCpu = quota.cpu();
            workspace.quotaMemory = quota.memory();
            workspace.quotaStorage = quota.storage();
            workspace.quotaPods = quota.pods();
            workspace.quotaNodePorts = quota.nodePorts();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("quota", quota);
            details.put("previousQuota", previous);
            if (why != null) {
                details.put("reason", why);
            }
            return workspaces
                    .flush()
                    .chain(() -> audit.record(operator.id(), "ops.quota-changed", workspaceId, null, details))
                    .replaceWith(quota);
        }));
    }

    /** Writes the workspace's resource after a commit. */
    public Uni<Void> afterCommit(String workspaceId) {
        return workspaceService.ensureResource(workspaceId);
    }

    private Uni<Void> existing(String workspaceId) {
        return workspaces
                .findById(workspaceId)
                .chain(w -> w == null
                        ? Uni.createFrom().failure(new WorkspaceNotFoundException(workspaceId))
                        : Uni.createFrom().voidItem());
    }
}
