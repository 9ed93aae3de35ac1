package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.MemberInfo;
import java.time.Instant;

/** A member of a workspace. */
public record MemberView(String userId, String username, String email, String name, String role, Instant joinedAt) {

    static MemberView of(MemberInfo member) {
        return new MemberView(
                member.userId(),
                member.username(),
                member.email(),
                member.name(),
                member.role().wire(),
                member.joinedAt());
    }
}
