package io.sealcloud.platform.tenancy;

import io.sealcloud.platform.inbox.PoisonEventException;
import java.util.Locale;

/**
 * A member's role in a workspace, as accounts publishes it ({@code owner}, {@code manager}, {@code developer}: the
 * contract's enum). What each role may do is each service's rule, not this type's.
 */
public enum WorkspaceRole {
    OWNER,
    MANAGER,
    DEVELOPER;

    /** The role of a wire name; anything else is an event that breaks the contract. */
    public static WorkspaceRole parse(String wire) {
        if (wire != null) {
            for (WorkspaceRole role : values()) {
                if (role.wireName().equals(wire)) {
                    return role;
                }
            }
        }
        throw new PoisonEventException("Unknown workspace role: " + wire);
    }

    /** The name on the wire and in the {@code workspace_members.role} column, e.g. {@code owner}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
