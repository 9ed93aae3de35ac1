package io.sealcloud.contracts.accounts;

import io.sealcloud.contracts.EventType;
import java.util.List;

/** The events the accounts service publishes on {@value #TOPIC}. */
public final class AccountsEvents {

    public static final String TOPIC = "sealcloud.accounts.v1";

    public static final EventType<WorkspaceCreatedV1> WORKSPACE_CREATED = EventType.of(
            "io.sealcloud.accounts.workspace.created.v1",
            TOPIC,
            "accounts/workspace.created.v1.json",
            WorkspaceCreatedV1.class);

    public static final EventType<WorkspaceReadyV1> WORKSPACE_READY = EventType.of(
            "io.sealcloud.accounts.workspace.ready.v1",
            TOPIC,
            "accounts/workspace.ready.v1.json",
            WorkspaceReadyV1.class);

    /** Every type above, for registries and the conformance test. */
    public static final List<EventType<?>> ALL = List.of(WORKSPACE_CREATED, WORKSPACE_READY);

    private AccountsEvents() {}
}
