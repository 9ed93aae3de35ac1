package io.sealcloud.metering.repository;

import io.sealcloud.platform.sql.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which partner clients a workspace lets report usage for it (table {@code partner_grants}). */
@ApplicationScoped
public class PartnerGrantRepository {

    /** One grant: {@code clientId} may report usage for {@code workspaceId}. */
    public record Grant(String workspaceId, String clientId, String grantedBy, Instant grantedAt) {}

    /** Adds the grant; false when it existed already (the first one is kept as it was). */
    public Uni<Boolean> grant(String workspaceId, String clientId, String grantedBy, Instant at) {
        return Sql.update("""
                        INSERT INTO partner_grants (workspace_id, client_id, granted_by, granted_at)
                        VALUES (:ws, :client, :by, :at) ON CONFLICT DO NOTHING
                        """, Map.of("ws", workspaceId, "client", clientId, "by", grantedBy, "at", at))
                .map(n -> n == 1);
    }

    /** Removes the grant; false when there was none. */
    public Uni<Boolean> revoke(String workspaceId, String clientId) {
        return Sql.update(
                        "DELETE FROM partner_grants WHERE workspace_id = :ws AND client_id = :client",
                        Map.of("ws", workspaceId, "client", clientId))
                .map(n -> n == 1);
    }

    public Uni<Optional<Grant>> find(String workspaceId, String clientId) {
        return Sql.rows(
                        "SELECT workspace_id, client_id, granted_by, granted_at FROM partner_grants"
                                + " WHERE workspace_id = :ws AND client_id = :client",
                        Map.of("ws", workspaceId, "client", clientId))
                .map(rows -> rows.stream().findFirst().map(PartnerGrantRepository::grant));
    }

    /** Every grant of a workspace, by client id. */
    public Uni<List<Grant>> list(String workspaceId) {
        return Sql.rows(
                        "SELECT workspace_id, client_id, granted_by, granted_at FROM partner_grants"
                                + " WHERE workspace_id = :ws ORDER BY client_id",
                        Map.of("ws", workspaceId))
                .map(rows -> rows.stream().map(PartnerGrantRepository::grant).toList());
    }

    private static Grant grant(Object[] r) {
        return new Grant(Sql.text(r[0]), Sql.text(r[1]), Sql.text(r[2]), Sql.instant(r[3]));
    }
}
