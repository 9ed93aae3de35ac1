package io.sealcloud.platform.tenancy;

import java.util.List;

/**
 * A workspace as one member sees it, from the local projection of accounts' events: what a service needs to authorize
 * a request ({@link TenancyProjection#membership}) and to act in the workspace's namespace.
 *
 * @param workspaceId the workspace id
 * @param ownerId the owner's user id (the account that pays)
 * @param namespace the workspace's namespace, {@code ns-<workspaceId>}
 * @param role the caller's role in it
 * @param suspended whether accounts' latest {@code workspace.suspension-changed} says so (false before any); a service
 *     with rules of its own on top (metering's debt state) applies them itself
 * @param suspensionReasons sorted, e.g. {@code [debt, ops]}; empty unless suspended
 */
public record WorkspaceMembership(
        String workspaceId,
        String ownerId,
        String namespace,
        WorkspaceRole role,
        boolean suspended,
        List<String> suspensionReasons) {

    public WorkspaceMembership {
        suspensionReasons = List.copyOf(suspensionReasons);
    }
}
