package io.sealcloud.accounts.domain;

import static io.sealcloud.accounts.domain.WorkspaceRole.DEVELOPER;
import static io.sealcloud.accounts.domain.WorkspaceRole.MANAGER;
import static io.sealcloud.accounts.domain.WorkspaceRole.OWNER;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TeamPolicyTest {

    @Test
    void ownersAndManagersInviteManagersAndDevelopersButNobodyInvitesAnOwner() {
        for (WorkspaceRole actor : new WorkspaceRole[] {OWNER, MANAGER}) {
            assertThatCode(() -> TeamPolicy.checkInvitation(actor, WorkspaceKind.TEAM, DEVELOPER))
                    .doesNotThrowAnyException();
            assertThatCode(() -> TeamPolicy.checkInvitation(actor, WorkspaceKind.TEAM, MANAGER))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> TeamPolicy.checkInvitation(actor, WorkspaceKind.TEAM, OWNER))
                    .isInstanceOf(TeamRuleException.class)
                    .extracting(e -> ((TeamRuleException) e).slug())
                    .isEqualTo("owner-not-invitable");
        }
        assertThatThrownBy(() -> TeamPolicy.checkInvitation(DEVELOPER, WorkspaceKind.TEAM, DEVELOPER))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aPersonalWorkspaceTakesNoInvitationsAndCannotBeDeletedOrTransferred() {
        assertThatThrownBy(() -> TeamPolicy.checkInvitation(OWNER, WorkspaceKind.PERSONAL, DEVELOPER))
                .isInstanceOf(TeamRuleException.class);
        assertThatThrownBy(() -> TeamPolicy.checkDelete(OWNER, WorkspaceKind.PERSONAL))
                .isInstanceOf(TeamRuleException.class);
        assertThatThrownBy(() -> TeamPolicy.checkTransfer(OWNER, WorkspaceKind.PERSONAL, "a", "b"))
                .isInstanceOf(TeamRuleException.class);
    }

    @Test
    void managersChangeRolesBelowTheOwnerButNeverTheirOwnNorTheOwners() {
        assertThatCode(() -> TeamPolicy.checkRoleChange(MANAGER, "m", DEVELOPER, "d", MANAGER))
                .doesNotThrowAnyException();
        assertThatCode(() -> TeamPolicy.checkRoleChange(MANAGER, "m", MANAGER, "m2", DEVELOPER))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> TeamPolicy.checkRoleChange(MANAGER, "m", OWNER, "o", DEVELOPER))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> TeamPolicy.checkRoleChange(MANAGER, "m", MANAGER, "m", DEVELOPER))
                .isInstanceOf(TeamRuleException.class);
        assertThatThrownBy(() -> TeamPolicy.checkRoleChange(OWNER, "o", DEVELOPER, "d", OWNER))
                .isInstanceOf(TeamRuleException.class);
        assertThatThrownBy(() -> TeamPolicy.checkRoleChange(DEVELOPER, "d", DEVELOPER, "d2", MANAGER))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void theOwnerCannotBeRemovedNorLeaveAndDevelopersRemoveNobody() {
        assertThatThrownBy(() -> TeamPolicy.checkRemoval(MANAGER, "m", OWNER, "o"))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> TeamPolicy.checkRemoval(DEVELOPER, "d", DEVELOPER, "d2"))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> TeamPolicy.checkRemoval(OWNER, "o", OWNER, "o"))
                .isInstanceOf(TeamRuleException.class);
        assertThatCode(() -> TeamPolicy.checkRemoval(OWNER, "o", MANAGER, "m")).doesNotThrowAnyException();
        assertThatThrownBy(() -> TeamPolicy.checkLeave(OWNER)).isInstanceOf(TeamRuleException.class);
        assertThatCode(() -> TeamPolicy.checkLeave(DEVELOPER)).doesNotThrowAnyException();
    }

    @Test
    void ownershipGoesOnlyToAnAccountThatIsNotInDebt() {
        for (DebtState state : DebtState.values()) {
            if (state.inDebt()) {
                assertThatThrownBy(() -> TeamPolicy.checkNewOwnerNotInDebt(state))
                        .as(state.wire())
                        .isInstanceOf(ConflictException.class)
                        .extracting(e -> ((ConflictException) e).slug())
                        .isEqualTo("new-owner-in-debt");
            } else {
                assertThatCode(() -> TeamPolicy.checkNewOwnerNotInDebt(state))
                        .as(state.wire())
                        .doesNotThrowAnyException();
            }
        }
        assertThatCode(() -> TeamPolicy.checkNewOwnerNotInDebt(null))
                .as("no account yet: nothing owed")
                .doesNotThrowAnyException();
    }

    @Test
    void onlyTheOwnerDeletesTransfersAndReadsTheAuditLog() {
        assertThatThrownBy(() -> TeamPolicy.checkDelete(MANAGER, WorkspaceKind.TEAM))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> TeamPolicy.checkTransfer(MANAGER, WorkspaceKind.TEAM, "m", "d"))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> TeamPolicy.checkTransfer(OWNER, WorkspaceKind.TEAM, "o", "o"))
                .isInstanceOf(TeamRuleException.class);
        assertThatThrownBy(() -> TeamPolicy.requireOwner(MANAGER, "read the audit log"))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void invitationCodesAreLongRandomAndStoredOnlyAsTheirHash() {
        String a = InvitationCodes.newCode();
        String b = InvitationCodes.newCode();
        org.assertj.core.api.Assertions.assertThat(a)
                .hasSize(43)
                .matches("^[A-Za-z0-9_-]+$")
                .isNotEqualTo(b);
        org.assertj.core.api.Assertions.assertThat(InvitationCodes.sha256(a))
                .hasSize(64)
                .isEqualTo(InvitationCodes.sha256(a))
                .isNotEqualTo(InvitationCodes.sha256(b));
    }
}
