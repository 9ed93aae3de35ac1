package io.sealcloud.metering.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.sealcloud.metering.api.ReportViews.AttributionView;
import io.sealcloud.metering.api.ReportViews.CostItem;
import io.sealcloud.metering.api.ReportViews.CostReport;
import io.sealcloud.metering.api.ReportViews.LiveItem;
import io.sealcloud.metering.api.ReportViews.LiveReport;
import io.sealcloud.metering.api.ReportViews.UsageItem;
import io.sealcloud.metering.api.ReportViews.UsageReport;
import io.sealcloud.metering.domain.Attribution;
import io.sealcloud.metering.repository.ReportRepository.GroupBy;
import io.sealcloud.metering.service.ReportService;
import io.sealcloud.metering.service.ReportService.CostLine;
import io.sealcloud.metering.service.ReportService.UsageLine;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A workspace's usage and costs over a time range (JSON, or CSV with {@code Accept: text/csv}) and what it pays for
 * right now. Members of the workspace and operators only; for anyone else the workspace does not exist (404).
 */
@Path("/api/metering/v1/workspaces/{id}")
@RolesAllowed({"user", "ops"})
@Tag(name = "reports")
@SecurityRequirement(name = "oidc")
public class ReportResource {

    static final String CSV = "text/csv";
    private static final Duration DEFAULT_RANGE = Duration.ofDays(1);
    private static final Duration MAX_RANGE = Duration.ofDays(400);

    private final ReportService reports;
    private final JsonWebToken token;
    private final SecurityIdentity identity;

    public ReportResource(ReportService reports, JsonWebToken token, SecurityIdentity identity) {
        this.reports = reports;
        this.token = token;
        this.identity = identity;
    }

    /** A validated time range. */
    record Range(Instant from, Instant to) {}

    /** A validated report request: workspace, range and grouping. */
    record Query(String workspaceId, Range range, GroupBy groupBy) {
        String groupByName() {
            return groupBy.name().toLowerCase(Locale.ROOT);
        }
    }

    /** Loads a report's lines for the caller (a {@link ReportService} method). */
    @FunctionalInterface
    interface Fetch<L> {
        Uni<List<L>> lines(
                ReportService reports,
                String workspaceId,
                String userId,
                boolean operator,
                Instant from,
                Instant to,
                GroupBy groupBy);
    }

    /** Builds a report's JSON body from all its lines (for totals) and the requested page of items. */
    @FunctionalInterface
    interface Body<L, I, R> {
        R of(Query query, List<L> lines, List<I> page, String nextPageToken);
    }

    /**
     * What differs between the usage and the costs reports: the lines, their JSON item, and the value columns that
     * follow {@code day,attribution_kind,attribution_name,resource} in CSV. Range, grouping, authorization, paging
     * and CSV are one path for both.
     */
    record Report<L, I>(
            String name,
            Fetch<L> fetch,
            Function<L, I> item,
            Function<L, String> day,
            Function<L, Attribution> attribution,
            Function<L, String> resource,
            String valueColumns,
            Function<L, List<String>> values) {}

    static final Report<UsageLine, UsageItem> USAGE = new Report<>(
            "usage",
            ReportService::usage,
            ReportResource::usageItem,
            UsageLine::day,
            UsageLine::attribution,
            UsageLine::resource,
            "quantity,unit",
            l -> List.of(Long.toString(l.quantity()), l.unit()));

    static final Report<CostLine, CostItem> COSTS = new Report<>(
            "costs",
            ReportService::costs,
            ReportResource::costItem,
            CostLine::day,
            CostLine::attribution,
            CostLine::resource,
            "amount_micros,charges",
            l -> List.of(Long.toString(l.amountMicros()), Long.toString(l.charges())));

    @GET
    @Path("usage")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Usage by resource, attribution or day over [from, to) (default: the last 24 h)")
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = UsageReport.class)))
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<UsageReport> usage(
            @PathParam("id") String id,
            @Parameter(description = "RFC 3339, inclusive") @QueryParam("from") String from,
            @Parameter(description = "RFC 3339, exclusive") @QueryParam("to") String to,
            @Parameter(description = "resource (default), attribution or day") @QueryParam("groupBy") String groupBy,
            @QueryParam("limit") Integer limit,
            @QueryParam("pageToken") String pageToken) {
        return json(USAGE, id, from, to, groupBy, limit, pageToken, (q, lines, page, next) -> {
            Map<String, Long> totals = new TreeMap<>();
            lines.forEach(l -> totals.merge(l.resource(), l.quantity(), Long::sum));
            return new UsageReport(
                    q.workspaceId(), q.range().from(), q.range().to(), q.groupByName(), page, totals, next);
        });
    }

    @GET
    @Path("usage")
    @Produces(CSV)
    @Operation(summary = "Usage as CSV (every row of the range; no paging)")
    public Uni<Response> usageCsv(
            @PathParam("id") String id,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("groupBy") String groupBy) {
        return csv(USAGE, id, from, to, groupBy);
    }

    @GET
    @Path("costs")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Costs (charges and corrections) by resource, attribution or day over windows in [from, to)")
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CostReport.class)))
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<CostReport> costs(
            @PathParam("id") String id,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("groupBy") String groupBy,
            @QueryParam("limit") Integer limit,
            @QueryParam("pageToken") String pageToken) {
        return json(COSTS, id, from, to, groupBy, limit, pageToken, (q, lines, page, next) -> {
            long total = lines.stream().mapToLong(CostLine::amountMicros).sum();
            return new CostReport(
                    q.workspaceId(), q.range().from(), q.range().to(), q.groupByName(), page, total, next);
        });
    }

    @GET
    @Path("costs")
    @Produces(CSV)
    @Operation(summary = "Costs as CSV (every row of the range; no paging)")
    public Uni<Response> costsCsv(
            @PathParam("id") String id,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("groupBy") String groupBy) {
        return csv(COSTS, id, from, to, groupBy);
    }

    /** Validates the request (range, grouping, then paging: any error is a 400 before anything is read). */
    private <L, I, R> Uni<R> json(
            Report<L, I> report,
            String id,
            String from,
            String to,
            String groupBy,
            Integer limit,
            String pageToken,
            Body<L, I, R> body) {
        Query query = query(id, from, to, groupBy);
        int size = Pages.limit(limit);
        int offset = Pages.offset(pageToken);
        return lines(report, query).map(lines -> {
            List<I> page = page(lines, offset, size, report.item());
            return body.of(query, lines, page, Pages.next(offset, size, page.size()));
        });
    }

    private <L> Uni<Response> csv(Report<L, ?> report, String id, String from, String to, String groupBy) {
        Query query = query(id, from, to, groupBy);
        return lines(report, query).map(lines -> {
            StringBuilder csv = new StringBuilder(
                    "day,attribution_kind,attribution_name,resource," + report.valueColumns() + "\r\n");
            for (L l : lines) {
                Attribution attribution = report.attribution().apply(l);
                List<String> cells = new ArrayList<>();
                cells.add(report.day().apply(l));
                cells.add(attribution == null ? null : attribution.kind());
                cells.add(attribution == null ? null : attribution.name());
                cells.add(report.resource().apply(l));
                cells.addAll(report.values().apply(l));
                csvRow(csv, cells);
            }
            return csvResponse(csv, report.name() + "-" + id + ".csv");
        });
    }

    private Query query(String id, String from, String to, String groupBy) {
        Range range = range(from, to);
        return new Query(id, range, groupBy(groupBy));
    }

    private <L> Uni<List<L>> lines(Report<L, ?> report, Query q) {
        return report.fetch()
                .lines(
                        reports,
                        q.workspaceId(),
                        token.getSubject(),
                        isOperator(),
                        q.range().from(),
                        q.range().to(),
                        q.groupBy());
    }

    @GET
    @Path("now")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "What the workspace is paying for right now: every billable object with its hourly cost")
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LiveReport.class)))
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<LiveReport> now(
            @PathParam("id") String id, @QueryParam("limit") Integer limit, @QueryParam("pageToken") String pageToken) {
        int size = Pages.limit(limit);
        int offset = Pages.offset(pageToken);
        return reports.live(id, token.getSubject(), isOperator()).map(live -> {
            List<ReportService.LiveLine> lines = live.lines();
            long total = lines.stream()
                    .mapToLong(ReportService.LiveLine::hourlyMicros)
                    .sum();
            List<LiveItem> page = page(
                    lines,
                    offset,
                    size,
                    l -> new LiveItem(
                            l.item().kind(),
                            l.item().namespace(),
                            l.item().name(),
                            AttributionView.of(l.item().attribution()),
                            new TreeMap<>(l.item().allocations()),
                            l.hourlyMicrosByResource(),
                            l.hourlyMicros()));
            return new LiveReport(
                    id,
                    reports.now(),
                    live.suspended(),
                    live.suspensionReasons(),
                    page,
                    total,
                    Pages.next(offset, size, page.size()));
        });
    }

    private boolean isOperator() {
        return identity.hasRole("ops");
    }

    private static UsageItem usageItem(UsageLine l) {
        return new UsageItem(l.day(), AttributionView.of(l.attribution()), l.resource(), l.quantity(), l.unit());
    }

    private static CostItem costItem(CostLine l) {
        return new CostItem(l.day(), AttributionView.of(l.attribution()), l.resource(), l.amountMicros(), l.charges());
    }

    private static <L, I> List<I> page(List<L> lines, int offset, int size, Function<L, I> view) {
        return lines.stream().skip(offset).limit(size).map(view).toList();
    }

    Range range(String from, String to) {
        Instant end = to == null ? reports.now() : instant("to", to);
        Instant start = from == null ? end.minus(DEFAULT_RANGE) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ProblemException.badRequest(
                    "The time range is empty.", List.of(Problem.Violation.atParameter("from", "must be before 'to'")));
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw ProblemException.badRequest(
                    "The time range is too long.",
                    List.of(Problem.Violation.atParameter("from", "must be at most 400 days before 'to'")));
        }
        return new Range(start, end);
    }

    private static Instant instant(String name, String value) {
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(
                    "A time is invalid.",
                    List.of(Problem.Violation.atParameter(
                            name, "must be an RFC 3339 date-time, e.g. 2026-12-01T00:00:00Z")));
        }
    }

    static GroupBy groupBy(String value) {
        if (value == null || value.isEmpty()) {
            return GroupBy.RESOURCE;
        }
        return switch (value) {
            case "resource" -> GroupBy.RESOURCE;
            case "attribution" -> GroupBy.ATTRIBUTION;
            case "day" -> GroupBy.DAY;
            default ->
                throw ProblemException.badRequest(
                        "Unknown grouping.",
                        List.of(Problem.Violation.atParameter("groupBy", "must be resource, attribution or day")));
        };
    }

    private static void csvRow(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            String cell = cells.get(i) == null ? "" : cells.get(i);
            // RFC 4180 quoting; a leading formula character is neutralised so spreadsheets do not execute it.
            if (!cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0 && !cell.matches("-?\\d+")) {
                cell = "'" + cell;
            }
            if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
                cell = "\"" + cell.replace("\"", "\"\"") + "\"";
            }
            csv.append(cell);
        }
        csv.append("\r\n");
    }

    private static Response csvResponse(StringBuilder csv, String filename) {
        return Response.ok(csv.toString(), CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .build();
    }
}
