package io.sealcloud.accounts.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.sealcloud.accounts.domain.MemberInfo;
import io.sealcloud.accounts.domain.QuotaOverrides;
import io.sealcloud.accounts.domain.WorkspaceInfo;
import io.sealcloud.accounts.domain.WorkspaceKind;
import io.sealcloud.accounts.domain.WorkspaceRole;
import io.sealcloud.accounts.domain.WorkspaceState;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import io.sealcloud.accounts.operator.crd.v1alpha1.WorkspaceMember;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DesiredWorkspaceTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private static final WorkspaceInfo INFO = new WorkspaceInfo(
            "k3x9q2m7ab",
            "team-a",
            "Team A",
            WorkspaceKind.TEAM,
            "u1",
            "alice",
            "ns-k3x9q2m7ab",
            true,
            "Ready",
            null,
            T);

    @Test
    void carriesMembersSortedByIdSoTheSameMembersGiveTheSameSpec() {
        var members = List.of(
                new MemberInfo(INFO.id(), "u3", "carol", null, null, WorkspaceRole.DEVELOPER, T),
                new MemberInfo(INFO.id(), "u1", "alice", null, null, WorkspaceRole.OWNER, T),
                new MemberInfo(INFO.id(), "u2", "bob", null, null, WorkspaceRole.MANAGER, T));

        Workspace workspace =
                DesiredWorkspace.of(new WorkspaceState(INFO, members, new TreeSet<>(), QuotaOverrides.NONE, false));

        assertThat(workspace.getSpec().getMembers())
                .containsExactly(
                        new WorkspaceMember("u1", "alice", "owner"),
                        new WorkspaceMember("u2", "bob", "manager"),
                        new WorkspaceMember("u3", "carol", "developer"));
        assertThat(workspace.getSpec().getSuspended()).isFalse();
        assertThat(workspace.getSpec().getSuspensionReasons()).isEmpty();
        assertThat(workspace.getSpec().getQuota()).isNull();
    }

    @Test
    void isSuspendedWhileAnyReasonHolds() {
        Workspace workspace = DesiredWorkspace.of(
                new WorkspaceState(INFO, List.of(), new TreeSet<>(List.of("ops", "debt")), QuotaOverrides.NONE, false));

        assertThat(workspace.getSpec().getSuspended()).isTrue();
        assertThat(workspace.getSpec().suspensionRequested()).isTrue();
        assertThat(workspace.getSpec().getSuspensionReasons()).containsExactly("debt", "ops");
    }

    @Test
    void carriesOpsQuotaOverrides() {
        Workspace workspace = DesiredWorkspace.of(new WorkspaceState(
                INFO, List.of(), new TreeSet<>(), new QuotaOverrides("4", null, "20Gi", 10, null), false));

        assertThat(workspace.getSpec().getQuota().getCpu()).isEqualTo(new Quantity("4"));
        assertThat(workspace.getSpec().getQuota().getStorage()).isEqualTo(new Quantity("20Gi"));
        assertThat(workspace.getSpec().getQuota().getPods()).isEqualTo(10);
        assertThat(workspace.getSpec().getQuota().getMemory()).isNull();
    }
}
