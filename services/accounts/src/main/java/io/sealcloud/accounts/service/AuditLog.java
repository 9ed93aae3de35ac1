package io.sealcloud.accounts.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.accounts.domain.AuditEntry;
import io.sealcloud.accounts.domain.AuditQuery;
import io.sealcloud.accounts.domain.PageOf;
import io.sealcloud.accounts.repository.AuditRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * The append-only audit log of who did what. {@link #record} joins the caller's transaction (like the outbox), so an
 * entry exists if and only if the change it describes commits.
 */
@ApplicationScoped
public class AuditLog {

    /** The actor of changes no person made (the controller, the debt ladder). */
    public static final String SYSTEM = "system";

    // Own mapper: the REST ObjectMapper's settings must not change what is stored.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final AuditRepository entries;
    private final Clock clock;

    public AuditLog(AuditRepository entries, Clock clock) {
        this.entries = entries;
        this.clock = clock;
    }

    /**
     * Appends an entry in the current transaction; fails with {@link IllegalStateException} when there is none.
     *
     * @param actor user id ({@code sub}) of who acted, or {@link #SYSTEM}
     * @param action what happened, {@code noun.verb} ({@code member.added}, {@code workspace.suspended}, ...)
     * @param workspaceId the workspace it happened in, or null
     * @param target what it was about (a user id, an invitation id...), or null
     * @param details anything else worth keeping (serialized as a JSON object); null for none
     */
    public Uni<Void> record(String actor, String action, String workspaceId, String target, Map<String, ?> details) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        String json;
        try {
            json = JSON.writeValueAsString(details == null ? Map.of() : details);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("Audit details are not serializable", e));
        }
        return Transactions.current("AuditLog.record(" + action + ")")
                .chain(session -> entries.insert(
                        session,
                        clock.instant().truncatedTo(ChronoUnit.MICROS),
                        actor,
                        action,
                        workspaceId,
                        target,
                        json));
    }

    /** A page of entries, newest first (callers check who may read what). */
    public Uni<PageOf<AuditEntry>> find(AuditQuery query) {
        return Panache.withSession(() -> entries.find(query));
    }
}
