package io.sealcloud.accounts.api;

import jakarta.validation.constraints.Size;

/** Why ops resumes a workspace (optional; kept in the audit log). */
public record OpsResumeRequest(@Size(max = 500) String reason) {}
