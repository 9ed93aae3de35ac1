package io.sealcloud.accounts.domain;

import java.time.Instant;

/** Filters of an audit log read; null means "any". Newest entries first. */
public record AuditQuery(String actor, String workspaceId, Instant from, Instant to, int page, int size) {}
