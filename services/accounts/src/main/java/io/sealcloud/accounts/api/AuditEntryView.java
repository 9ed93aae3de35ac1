package io.sealcloud.accounts.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealcloud.accounts.domain.AuditEntry;
import java.time.Instant;

/** An audit log entry: who ({@code actor}, a user id or {@code system}) did what, where, to whom, with details. */
public record AuditEntryView(
        long id, Instant at, String actor, String action, String workspaceId, String target, JsonNode details) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static AuditEntryView of(AuditEntry entry) {
        JsonNode details;
        try {
            details = JSON.readTree(entry.details());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("audit_log.details is jsonb, so always valid JSON", e);
        }
        return new AuditEntryView(
                entry.id(), entry.at(), entry.actor(), entry.action(), entry.workspaceId(), entry.target(), details);
    }
}
