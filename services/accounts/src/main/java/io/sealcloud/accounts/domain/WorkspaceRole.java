package io.sealcloud.accounts.domain;

import java.util.Locale;

/** A member's role in a workspace (DESIGN §2): owner, manager or developer. */
public enum WorkspaceRole {
    OWNER,
    MANAGER,
    DEVELOPER;

    /** The lower-case form used in the database, the API and events. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkspaceRole fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
