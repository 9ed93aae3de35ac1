package io.sealcloud.accounts.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A member's new role: {@code manager} or {@code developer} ({@code owner} only by transfer: 422). */
public record ChangeRoleRequest(
        @NotNull @Pattern(regexp = "^(owner|manager|developer)$", message = "must be owner, manager or developer")
        String role) {}
