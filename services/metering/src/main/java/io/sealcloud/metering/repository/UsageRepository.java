package io.sealcloud.metering.repository;

import io.sealcloud.metering.domain.Attribution;
import io.sealcloud.platform.sql.Sql;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Usage as recorded: samples of the live inventory and partner events; and the per-window aggregation rating uses. */
@ApplicationScoped
public class UsageRepository {

    /** Rows per INSERT statement (7 parameters each, well below PostgreSQL's 65535). */
    private static final int CHUNK = 500;

    /** One sample row: what one attribution of a workspace held of one resource at one sample time. */
    public record Sample(String workspaceId, String resource, Attribution attribution, long allocation) {}

    /** Usage of one (workspace, resource, attribution) in a window: exactly {@code numerator / denominator} units. */
    public record WindowUsage(
            String workspaceId, String resource, Attribution attribution, long numerator, int denominator) {}

    /**
     * {@link WindowUsage} as summed by the database, before anything is assumed about its size: the numerator is
     * exact whatever it is (a sum may pass 2^63); {@link #exact()} is the checked narrowing the rater does per
     * workspace.
     */
    public record WindowSum(
            String workspaceId, String resource, Attribution attribution, BigInteger numerator, int denominator) {

        /** The usage with a long numerator; {@link ArithmeticException} when it does not fit. */
        public WindowUsage exact() {
            return new WindowUsage(workspaceId, resource, attribution, numerator.longValueExact(), denominator);
        }
    }

    /** Inserts the samples of one sample time; rows already there (another replica, a retry) are kept. */
    public Uni<Integer> insertSamples(Instant sampledAt, int seconds, List<Sample> samples) {
        List<List<Sample>> chunks = new ArrayList<>();
        for (int i = 0; i < samples.size(); i += CHUNK) {
            chunks.add(samples.subList(i, Math.min(samples.size(), i + CHUNK)));
        }
        return Multi.createFrom()
                .iterable(chunks)
                .onItem()
                .transformToUniAndConcatenate(chunk -> insertChunk(sampledAt, seconds, chunk))
                .collect()
                .asList()
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    private Uni<Integer> insertChunk(Instant sampledAt, int seconds, List<Sample> chunk) {
        StringBuilder sql = new StringBuilder(
                "INSERT INTO usage_samples (workspace_id, sampled_at, resource, attribution_kind, attribution_name,"
                        + " allocation, seconds) VALUES ");
        Map<String, Object> params = new HashMap<>();
        params.put("at", sampledAt);
        params.put("seconds", seconds);
        for (int i = 0; i < chunk.size(); i++) {
            Sample s = chunk.get(i);
            if (i > 0) {
                sql.append(", ");
            }
            sql.append("(:w")
                    .append(i)
                    .append(", :at, :r")
                    .append(i)
                    .append(", :k")
                    .append(i)
                    .append(", :n")
                    .append(i)
                    .append(", :a")
                    .append(i)
                    .append(", :seconds)");
            params.put("w" + i, s.workspaceId());
            params.put("r" + i, s.resource());
            params.put("k" + i, s.attribution().kind());
            params.put("n" + i, s.attribution().name());
            params.put("a" + i, s.allocation());
        }
        sql.append(" ON CONFLICT DO NOTHING");
        return Sql.update(sql.toString(), params);
    }

    /** Records a partner event once per (client, source, id); true when it is new. */
    public Uni<Boolean> insertPartnerEvent(
            String clientId,
            String source,
            String eventId,
            String workspaceId,
            Instant occurredAt,
            String resource,
            long quantity,
            Instant receivedAt) {
        Map<String, Object> params = new HashMap<>();
        params.put("client", clientId);
        params.put("source", source);
        params.put("id", eventId);
        params.put("ws", workspaceId);
        params.put("at", occurredAt);
        params.put("resource", resource);
        params.put("quantity", quantity);
        params.put("received", receivedAt);
        return Sql.update("""
                        INSERT INTO partner_events (client_id, source, event_id, workspace_id, occurred_at, resource,
                            quantity, received_at)
                        VALUES (:client, :source, :id, :ws, :at, :resource, :quantity, :received)
                        ON CONFLICT DO NOTHING
                        """, params).map(inserted -> inserted == 1);
    }

    /**
     * Usage in {@code [start, end)} per workspace, resource and attribution: samples as allocation × seconds / 60
     * (unit-minutes), partner events as their quantity. Sorted, so a window's charges are written in a stable order.
     * Summed as numeric, so no sum or product can fail the query (and with it every workspace's window): whether a
     * sum fits is the rater's check, per workspace.
     */
    public Uni<List<WindowSum>> usageIn(Instant start, Instant end) {
        return Sql.rows("""
                        SELECT workspace_id, resource, attribution_kind, attribution_name, sum(n), d FROM (
                            SELECT workspace_id, resource, attribution_kind, attribution_name,
                                   allocation::numeric * seconds AS n, 60 AS d
                            FROM usage_samples WHERE sampled_at >= :start AND sampled_at < :end
                            UNION ALL
                            SELECT workspace_id, resource, 'partner', client_id, quantity::numeric, 1
                            FROM partner_events WHERE occurred_at >= :start AND occurred_at < :end
                        ) u
                        GROUP BY workspace_id, resource, attribution_kind, attribution_name, d
                        ORDER BY workspace_id, resource, attribution_kind, attribution_name
                        """, Map.of("start", start, "end", end))
                .map(rows -> rows.stream()
                        .map(r -> new WindowSum(
                                Sql.text(r[0]),
                                Sql.text(r[1]),
                                new Attribution(Sql.text(r[2]), Sql.text(r[3])),
                                exact(r[4]),
                                (int) Sql.number(r[5])))
                        .toList());
    }

    /** The sum of one partner's quantities for a workspace in {@code [start, end)}, exact (0 when none). */
    public Uni<BigInteger> partnerWindowSum(String clientId, String workspaceId, Instant start, Instant end) {
        return Sql.rows("""
                        SELECT coalesce(sum(quantity), 0), 0 FROM partner_events
                        WHERE client_id = :client AND workspace_id = :ws AND occurred_at >= :start AND occurred_at < :end
                        """, Map.of("client", clientId, "ws", workspaceId, "start", start, "end", end))
                .map(rows -> exact(rows.get(0)[0]));
    }

    /** A numeric (or integer) column as an exact integer; null is 0. */
    private static BigInteger exact(Object value) {
        if (value == null) {
            return BigInteger.ZERO;
        } else if (value instanceof BigDecimal d) {
            return d.toBigIntegerExact();
        } else if (value instanceof BigInteger b) {
            return b;
        }
        return BigInteger.valueOf(((Number) value).longValue());
    }

    /** The earliest usage time recorded, if any (where rating starts on a fresh database). */
    public Uni<Instant> earliestUsage() {
        return Sql.rows("""
                        SELECT least((SELECT min(sampled_at) FROM usage_samples),
                                     (SELECT min(occurred_at) FROM partner_events)), 0
                        """, Map.of()).map(rows -> rows.isEmpty() ? null : Sql.instant(rows.get(0)[0]));
    }
}
