package io.sealcloud.appstore.domain.workspace;

import java.util.Locale;

/**
 * A member's role in a workspace, as accounts publishes it. What each may do in the app store: every member reads;
 * owners, managers and developers install, upgrade, roll back and uninstall (Sealos lets developers deploy); deleting an
 * app's persistent data (uninstall with {@code pvcPolicy=delete}) is for owners and managers only.
 */
public enum WorkspaceRole {
    OWNER,
    MANAGER,
    DEVELOPER;

    public static WorkspaceRole parse(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Install, upgrade, roll back, uninstall keeping volumes. */
    public boolean mayDeploy() {
        return true;
    }

    /** Uninstall deleting persistent volume claims (data loss). */
    public boolean mayDeleteData() {
        return this != DEVELOPER;
    }
}
