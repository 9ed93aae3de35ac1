package io.sealcloud.accounts.domain;

import java.time.Instant;

/** One audit log entry; {@code details} is a JSON object as text. */
public record AuditEntry(
        long id, Instant at, String actor, String action, String workspaceId, String target, String details) {}
