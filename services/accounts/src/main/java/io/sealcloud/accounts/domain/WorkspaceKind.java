package io.sealcloud.accounts.domain;

import java.util.Locale;

/** What a workspace is for: the one a user gets on first sign-in, or one created for a team. */
public enum WorkspaceKind {
    PERSONAL,
    TEAM;

    /** The lower-case form used in the database, the API, events and the Workspace resource. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkspaceKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
