package io.sealcloud.metering.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.sealcloud.metering.api.ReportViews.AttributionView;
import io.sealcloud.metering.api.ReportViews.CostItem;
import io.sealcloud.metering.api.ReportViews.CostReport;
import io.sealcloud.metering.api.ReportViews.LiveItem;
import io.sealcloud.metering.api.ReportViews.LiveReport;
import io.sealcloud.metering.api.ReportViews.UsageItem;
import io.sealcloud.metering.api.ReportViews.UsageReport;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
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

    @GET
    @Path("usage")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Usage by resource, attribution or day over [from, to) (default: the last 24 h)")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<UsageReport> usage(
            @PathParam("id") String id,
            @Parameter(description = "RFC 3339, inclusive") @QueryParam("from") String from,
            @Parameter(description = "RFC 3339, exclusive") @QueryParam("to") String to,
            @Parameter(description = "resource (default), attribution or day") @QueryParam("groupBy") String groupBy,
            @QueryParam("limit") Integer limit,
            @QueryParam("pageToken") String pageToken) {
        Range range = range(from, to);
        GroupBy by = groupBy(groupBy);
        int size = Pages.limit(limit);
        int offset = Pages.offset(pageToken);
        return reports.usage(id, token.getSubject(), isOperator(), range.from(), range.to(), by)
                .map(lines -> {
                    Map<String, Long> totals = new TreeMap<>();
                    lines.forEach(l -> totals.merge(l.resource(), l.quantity(), Long::sum));
                    List<UsageItem> page = page(lines, offset, size, ReportResource::usageItem);
                    return new UsageReport(
                            id,
                            range.from(),
                            range.to(),
                            by.name().toLowerCase(Locale.ROOT),
                            page,
                            totals,
                            Pages.next(offset, size, page.size()));
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
        Range range = range(from, to);
        GroupBy by = groupBy(groupBy);
        return reports.usage(id, token.getSubject(), isOperator(), range.from(), range.to(), by)
                .map(lines -> {
                    StringBuilder csv =
                            new StringBuilder("day,attribution_kind,attribution_name,resource,quantity,unit\r\n");
                    for (UsageLine l : lines) {
                        csvRow(
                                csv,
                                l.day(),
                                l.attribution() == null ? null : l.attribution().kind(),
                                l.attribution() == null ? null : l.attribution().name(),
                                l.resource(),
                                Long.toString(l.quantity()),
                                l.unit());
                    }
                    return csvResponse(csv, "usage-" + id + ".csv");
                });
    }

    @GET
    @Path("costs")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Costs (charges and corrections) by resource, attribution or day over windows in [from, to)")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<CostReport> costs(
            @PathParam("id") String id,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("groupBy") String groupBy,
            @QueryParam("limit") Integer limit,
            @QueryParam("pageToken") String pageToken) {
        Range range = range(from, to);
        GroupBy by = groupBy(groupBy);
        int size = Pages.limit(limit);
        int offset = Pages.offset(pageToken);
        return reports.costs(id, token.getSubject(), isOperator(), range.from(), range.to(), by)
                .map(lines -> {
                    long total =
                            lines.stream().mapToLong(CostLine::amountMicros).sum();
                    List<CostItem> page = page(lines, offset, size, ReportResource::costItem);
                    return new CostReport(
                            id,
                            range.from(),
                            range.to(),
                            by.name().toLowerCase(Locale.ROOT),
                            page,
                            total,
                            Pages.next(offset, size, page.size()));
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
        Range range = range(from, to);
        GroupBy by = groupBy(groupBy);
        return reports.costs(id, token.getSubject(), isOperator(), range.from(), range.to(), by)
                .map(lines -> {
                    StringBuilder csv = new StringBuilder(
                            "day,attribution_kind,attribution_name,resource,amount_micros,charges\r\n");
                    for (CostLine l : lines) {
                        csvRow(
                                csv,
                                l.day(),
                                l.attribution() == null ? null : l.attribution().kind(),
                                l.attribution() == null ? null : l.attribution().name(),
                                l.resource(),
                                Long.toString(l.amountMicros()),
                                Long.toString(l.charges()));
                    }
                    return csvResponse(csv, "costs-" + id + ".csv");
                });
    }

    @GET
    @Path("now")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "What the workspace is paying for right now: every billable object with its hourly cost")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<LiveReport> now(
            @PathParam("id") String id, @QueryParam("limit") Integer limit, @QueryParam("pageToken") String pageToken) {
        int size = Pages.limit(limit);
        int offset = Pages.offset(pageToken);
        return reports.live(id, token.getSubject(), isOperator()).map(lines -> {
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
            return new LiveReport(id, reports.now(), page, total, Pages.next(offset, size, page.size()));
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

    private static void csvRow(StringBuilder csv, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            String cell = cells[i] == null ? "" : cells[i];
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
