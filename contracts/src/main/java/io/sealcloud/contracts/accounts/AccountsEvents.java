package io.sealcloud.contracts.accounts;

import io.sealcloud.contracts.EventType;
import java.util.List;

/**
 * The events the accounts service publishes on {@value #TOPIC}. Workspace and member events are keyed by workspace id,
 * account and payment events by account id (docs/events.md).
 */
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

    public static final EventType<WorkspaceDeletedV1> WORKSPACE_DELETED = EventType.of(
            "io.sealcloud.accounts.workspace.deleted.v1",
            TOPIC,
            "accounts/workspace.deleted.v1.json",
            WorkspaceDeletedV1.class);

    public static final EventType<WorkspaceSuspensionChangedV1> WORKSPACE_SUSPENSION_CHANGED = EventType.of(
            "io.sealcloud.accounts.workspace.suspension-changed.v1",
            TOPIC,
            "accounts/workspace.suspension-changed.v1.json",
            WorkspaceSuspensionChangedV1.class);

    public static final EventType<WorkspaceOwnerChangedV1> WORKSPACE_OWNER_CHANGED = EventType.of(
            "io.sealcloud.accounts.workspace.owner-changed.v1",
            TOPIC,
            "accounts/workspace.owner-changed.v1.json",
            WorkspaceOwnerChangedV1.class);

    public static final EventType<MemberAddedV1> MEMBER_ADDED = EventType.of(
            "io.sealcloud.accounts.member.added.v1", TOPIC, "accounts/member.added.v1.json", MemberAddedV1.class);

    public static final EventType<MemberChangedV1> MEMBER_CHANGED = EventType.of(
            "io.sealcloud.accounts.member.changed.v1", TOPIC, "accounts/member.changed.v1.json", MemberChangedV1.class);

    public static final EventType<MemberRemovedV1> MEMBER_REMOVED = EventType.of(
            "io.sealcloud.accounts.member.removed.v1", TOPIC, "accounts/member.removed.v1.json", MemberRemovedV1.class);

    public static final EventType<AccountBalanceChangedV1> ACCOUNT_BALANCE_CHANGED = EventType.of(
            "io.sealcloud.accounts.account.balance-changed.v1",
            TOPIC,
            "accounts/account.balance-changed.v1.json",
            AccountBalanceChangedV1.class);

    public static final EventType<AccountDebtStateChangedV1> ACCOUNT_DEBT_STATE_CHANGED = EventType.of(
            "io.sealcloud.accounts.account.debt-state-changed.v1",
            TOPIC,
            "accounts/account.debt-state-changed.v1.json",
            AccountDebtStateChangedV1.class);

    public static final EventType<PaymentSucceededV1> PAYMENT_SUCCEEDED = EventType.of(
            "io.sealcloud.accounts.payment.succeeded.v1",
            TOPIC,
            "accounts/payment.succeeded.v1.json",
            PaymentSucceededV1.class);

    /** Every type above, for registries and the conformance test. */
    public static final List<EventType<?>> ALL = List.of(
            WORKSPACE_CREATED,
            WORKSPACE_READY,
            WORKSPACE_DELETED,
            WORKSPACE_SUSPENSION_CHANGED,
            WORKSPACE_OWNER_CHANGED,
            MEMBER_ADDED,
            MEMBER_CHANGED,
            MEMBER_REMOVED,
            ACCOUNT_BALANCE_CHANGED,
            ACCOUNT_DEBT_STATE_CHANGED,
            PAYMENT_SUCCEEDED);

    private AccountsEvents() {}
}
