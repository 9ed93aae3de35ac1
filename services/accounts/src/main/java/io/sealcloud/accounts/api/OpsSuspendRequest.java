package io.sealcloud.accounts.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Why ops suspends a workspace (kept in the audit log). */
public record OpsSuspendRequest(@NotBlank @Size(max = 500) String reason) {}
