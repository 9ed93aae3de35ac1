package io.sealcloud.accounts.domain;

/** The result of a caller's request passing through sign-up: who they are, their personal workspace, whether new. */
public record SignIn(UserProfile user, WorkspaceInfo personalWorkspace, boolean created) {}
