package io.sealcloud.accounts.domain;

import java.time.Instant;

/** A member of a workspace with their profile, as lists and the Workspace resource need it. */
public record MemberInfo(
        String workspaceId,
        String userId,
        String username,
        String email,
        String name,
        WorkspaceRole role,
        Instant joinedAt) {}
