package io.sealcloud.appstore.domain.workspace;

import io.sealcloud.platform.tenancy.WorkspaceRole;
import java.util.List;

/**
 * A workspace as the app store knows it from accounts' events, seen by one caller, with what the caller's role may do
 * here: every member reads; owners, managers and developers install, upgrade, roll back and uninstall (Sealos lets
 * developers deploy); deleting an app's persistent data (uninstall with {@code pvcPolicy=delete}) is for owners and
 * managers only.
 */
public record WorkspaceFacts(
        String id, String namespace, boolean suspended, List<String> suspensionReasons, WorkspaceRole role) {

    /** Install, upgrade, roll back, uninstall keeping volumes. */
    public boolean mayDeploy() {
        return true;
    }

    /** Uninstall deleting persistent volume claims (data loss). */
    public boolean mayDeleteData() {
        return role == WorkspaceRole.OWNER || role == WorkspaceRole.MANAGER;
    }
}
