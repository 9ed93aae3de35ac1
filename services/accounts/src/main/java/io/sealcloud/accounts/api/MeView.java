package io.sealcloud.accounts.api;

/** The caller and their personal workspace. */
public record MeView(UserView user, String personalWorkspaceId) {}
