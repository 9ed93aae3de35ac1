package io.sealcloud.metering.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sealcloud.metering.config.MeteringConfig;
import io.sealcloud.metering.domain.MeteredResources;
import io.sealcloud.metering.domain.PriceVersion;
import io.sealcloud.metering.domain.Windows;
import io.sealcloud.metering.repository.ChargeRepository;
import io.sealcloud.metering.repository.PartnerGrantRepository;
import io.sealcloud.metering.repository.PriceRepository;
import io.sealcloud.metering.repository.UsageRepository;
import io.sealcloud.metering.repository.WorkspaceFactsRepository;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Partner usage as CloudEvents 1.0 (structured JSON). Each event bills {@code data.quantity} of the partner's meter
 * {@code data.meter} to the workspace named by {@code subject}, at {@code time}: the usage joins the same rating path
 * as sampled usage (resource {@code partner:<client>/<meter>}, attribution {@code partner/<client>}). Deduplication on
 * (client, source, id) is durable and always on. Every event is judged on its own; a bad one never rejects the rest,
 * with one exception: a request that would take one partner's sum for a workspace-window past
 * {@code partner.max-window-quantity} is refused whole (nothing stored), so no window's sum or price can leave the range
 * of a long. A partner bills only workspaces that granted it ({@code partner_grants}); an event for any other is
 * refused (403) and counted.
 */
@ApplicationScoped
public class PartnerIngest {

    public static final String TYPE = "io.sealcloud.partner.usage.v1";

    static final Pattern WORKSPACE_ID = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,58}[a-z0-9])?$");

    /** The outcome of one event. */
    public record ItemResult(int index, String id, String source, String status, Problem problem) {
        public static final String ACCEPTED = "accepted";
        public static final String DUPLICATE = "duplicate";
        public static final String REJECTED = "rejected";
    }

    /** A structurally valid event, before the checks that need the database. */
    record Parsed(String id, String source, String workspaceId, String meter, long quantity, Instant time) {}

    private final UsageRepository usage;
    private final PriceRepository prices;
    private final ChargeRepository charges;
    private final WorkspaceFactsRepository projection;
    private final PartnerGrantRepository grants;
    private final Clock clock;
    private final Duration window;
    private final Duration grace;
    private final Duration maxFutureSkew;
    private final long maxEventQuantity;
    private final BigInteger maxWindowQuantity;
    private final MeterRegistry registry;

    public PartnerIngest(
            UsageRepository usage,
            PriceRepository prices,
            ChargeRepository charges,
            WorkspaceFactsRepository projection,
            PartnerGrantRepository grants,
            Clock clock,
            MeteringConfig config,
            MeterRegistry registry) {
        this.usage = usage;
        this.prices = prices;
        this.charges = charges;
        this.projection = projection;
        this.grants = grants;
        this.clock = clock;
        this.window = config.rating().window();
        this.grace = config.rating().grace();
        this.maxFutureSkew = config.partner().maxFutureSkew();
        this.maxEventQuantity = config.partner().maxEventQuantity();
        this.maxWindowQuantity = BigInteger.valueOf(config.partner().maxWindowQuantity());
        this.registry = registry;
    }

    /** Events refused because the workspace has not granted the sending partner, per partner client. */
    private Counter unauthorized(String clientId) {
        return Counter.builder("sealcloud.metering.partner.events.unauthorized")
                .description("Partner usage events refused because the workspace has not granted the partner")
                .tag("client", clientId)
                .register(registry);
    }

    /**
     * Records the events (joins the caller's transaction, which the Idempotency-Key helper opens). Holds the rater's
     * shared lock so that no window settles while its usage is being added.
     */
    public Uni<List<ItemResult>> ingest(String clientId, List<JsonNode> events) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Object> checked = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            checked.add(parse(i, events.get(i), now));
        }
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < checked.size(); i++) {
            indexes.add(i);
        }
        return charges.lockShared()
                .chain(() -> Multi.createFrom()
                        .iterable(indexes)
                        .onItem()
                        .transformToUniAndConcatenate(i -> checked.get(i) instanceof Parsed parsed
                                ? record(i, clientId, parsed, now)
                                : Uni.createFrom().item((ItemResult) checked.get(i)))
                        .collect()
                        .asList())
                .call(results -> checkWindowSums(clientId, checked, results))
                .invoke(results ->
                        results.forEach(r -> registry.counter("sealcloud.metering.partner.events", "result", r.status())
                                .increment()));
    }

    /**
     * After this request's events are inserted (same transaction): each workspace-window it added to must stay within
     * the bound for this partner, counting what earlier requests stored. The sums are exact (numeric in PostgreSQL,
     * {@link BigInteger} here), so quantities whose sum passes 2^63 are compared as they are, never wrapped. A sum
     * past the bound fails the request, and its transaction takes back every event of it.
     */
    private Uni<Void> checkWindowSums(String clientId, List<Object> checked, List<ItemResult> results) {
        // Each (workspace, window start) the request added to, with the index of its first accepted event there.
        Map<String, Map<Instant, Integer>> touched = new TreeMap<>();
        for (ItemResult r : results) {
            if (ItemResult.ACCEPTED.equals(r.status()) && checked.get(r.index()) instanceof Parsed p) {
                touched.computeIfAbsent(p.workspaceId(), k -> new TreeMap<>())
                        .putIfAbsent(Windows.floor(p.time(), window), r.index());
            }
        }
        List<WindowTouched> windows = new ArrayList<>();
        touched.forEach(
                (ws, starts) -> starts.forEach((start, index) -> windows.add(new WindowTouched(ws, start, index))));
        return Multi.createFrom()
                .iterable(windows)
                .onItem()
                .transformToUniAndConcatenate(w -> usage.partnerWindowSum(
                                clientId, w.workspaceId(), w.start(), w.start().plus(window))
                        .invoke(sum -> {
                            if (sum.compareTo(maxWindowQuantity) > 0) {
                                throw windowQuantityExceeded(clientId, w, sum);
                            }
                        }))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** A workspace-window a request added to, and the index of its first event there (for the problem). */
    private record WindowTouched(String workspaceId, Instant start, int index) {}

    private ProblemException windowQuantityExceeded(String clientId, WindowTouched w, BigInteger sum) {
        String workspaceId = w.workspaceId();
        Instant windowStart = w.start();
        int index = w.index();
        String detail = "Partner '" + clientId + "' would report " + sum + " units for workspace '" + workspaceId
                + "' in the rating window [" + windowStart + ", " + windowStart.plus(window) + "), more than the "
                + maxWindowQuantity + " one partner may report for one workspace in one window; nothing of this"
                + " request was stored.";
        return new ProblemException(
                422,
                "window-quantity-exceeded",
                "Window quantity exceeded",
                detail,
                List.of(Problem.Violation.atPointer(
                        "/data/quantity",
                        "event " + index + " (workspace '" + workspaceId + "', window " + windowStart
                                + ") takes the window's sum past " + maxWindowQuantity)));
    }

    private Uni<ItemResult> record(int index, String clientId, Parsed e, Instant now) {
        String resource = MeteredResources.partner(clientId, e.meter());
        return projection.find(e.workspaceId()).chain(ws -> {
            if (ws.isEmpty() || ws.get().deleted()) {
                return reject(
                        index,
                        e,
                        422,
                        "unknown-workspace",
                        "/subject",
                        "workspace '" + e.workspaceId() + "' does not exist");
            }
            return grants.find(e.workspaceId(), clientId).chain(grant -> {
                if (grant.isEmpty()) {
                    unauthorized(clientId).increment();
                    return reject(
                            index,
                            e,
                            403,
                            "partner-not-granted",
                            "/subject",
                            "workspace '" + e.workspaceId() + "' has not granted partner '" + clientId
                                    + "' to report its usage; its owner grants it (PUT /api/metering/v1/workspaces/"
                                    + e.workspaceId() + "/partners/" + clientId + ")");
                }
                return priced(index, clientId, resource, e, now);
            });
        });
    }

    private Uni<ItemResult> priced(int index, String clientId, String resource, Parsed e, Instant now) {
        Instant windowStart = Windows.floor(e.time(), window);
        return prices.effectiveAt(windowStart).chain(priceOf -> {
            PriceVersion price = priceOf.get(resource);
            if (price == null) {
                return reject(
                        index,
                        e,
                        422,
                        "unknown-meter",
                        "/data/meter",
                        "no price for meter '" + e.meter() + "' of client '" + clientId + "' at " + e.time());
            }
            return charges.isClosed(windowStart)
                    .chain(closed -> closed
                            ? reject(
                                    index,
                                    e,
                                    422,
                                    "window-closed",
                                    "/time",
                                    // Refused, not billed elsewhere: a settled window's charges are final
                                    // (only a reprice corrects them), and billing it in a later window would
                                    // misdate the usage. The partner learns exactly which usage was not billed.
                                    "the rating window [" + windowStart + ", " + windowStart.plus(window)
                                            + ") of time " + e.time() + " is settled and this usage is not"
                                            + " billed; usage is accepted until its window's end + "
                                            + grace.toSeconds() + " s ("
                                            + windowStart.plus(window).plus(grace)
                                            + ")")
                            : usage.insertPartnerEvent(
                                            clientId,
                                            e.source(),
                                            e.id(),
                                            e.workspaceId(),
                                            e.time(),
                                            resource,
                                            e.quantity(),
                                            now)
                                    .map(inserted -> new ItemResult(
                                            index,
                                            e.id(),
                                            e.source(),
                                            inserted ? ItemResult.ACCEPTED : ItemResult.DUPLICATE,
                                            null)));
        });
    }

    private static Uni<ItemResult> reject(int index, Parsed e, int status, String slug, String pointer, String detail) {
        return Uni.createFrom()
                .item(new ItemResult(
                        index, e.id(), e.source(), ItemResult.REJECTED, problem(status, slug, detail, pointer)));
    }

    /** Structural checks; returns a {@link Parsed} or a rejected {@link ItemResult}. */
    Object parse(int index, JsonNode event, Instant now) {
        List<Problem.Violation> errors = new ArrayList<>();
        if (event == null || !event.isObject()) {
            return new ItemResult(
                    index,
                    null,
                    null,
                    ItemResult.REJECTED,
                    invalid(List.of(Problem.Violation.atPointer("", "must be a CloudEvent (a JSON object)"))));
        }
        String id = text(event, "id");
        String source = text(event, "source");
        if (!"1.0".equals(text(event, "specversion"))) {
            errors.add(Problem.Violation.atPointer("/specversion", "must be \"1.0\""));
        }
        if (id == null || id.isEmpty() || id.length() > 256) {
            errors.add(Problem.Violation.atPointer("/id", "must be a non-empty string of at most 256 characters"));
        }
        if (source == null || source.isEmpty() || source.length() > 1024) {
            errors.add(Problem.Violation.atPointer("/source", "must be a non-empty URI-reference (at most 1024)"));
        }
        if (!TYPE.equals(text(event, "type"))) {
            errors.add(Problem.Violation.atPointer("/type", "must be \"" + TYPE + "\""));
        }
        String subject = text(event, "subject");
        if (subject == null || !WORKSPACE_ID.matcher(subject).matches()) {
            errors.add(Problem.Violation.atPointer("/subject", "must be the id of the workspace to bill"));
        }
        String contentType = text(event, "datacontenttype");
        if (event.has("datacontenttype") && (contentType == null || !contentType.startsWith("application/json"))) {
            errors.add(Problem.Violation.atPointer("/datacontenttype", "must be application/json when present"));
        }
        Instant time = now;
        if (event.has("time")) {
            String value = text(event, "time");
            try {
                time = OffsetDateTime.parse(value == null ? "" : value)
                        .toInstant()
                        .truncatedTo(ChronoUnit.MICROS);
                if (time.isAfter(now.plus(maxFutureSkew))) {
                    errors.add(Problem.Violation.atPointer("/time", "must not be in the future"));
                }
            } catch (DateTimeParseException ex) {
                errors.add(Problem.Violation.atPointer("/time", "must be an RFC 3339 timestamp"));
            }
        }
        JsonNode data = event.get("data");
        String meter = null;
        long quantity = -1;
        if (data == null || !data.isObject()) {
            errors.add(Problem.Violation.atPointer("/data", "must be an object with meter and quantity"));
        } else {
            meter = text(data, "meter");
            if (meter == null || !MeteredResources.PARTNER_PART.matcher(meter).matches()) {
                errors.add(Problem.Violation.atPointer("/data/meter", "must be 1-100 of [A-Za-z0-9._-]"));
            }
            JsonNode q = data.get("quantity");
            if (q == null
                    || !q.isIntegralNumber()
                    || !q.canConvertToLong()
                    || q.asLong() < 0
                    || q.asLong() > maxEventQuantity) {
                errors.add(Problem.Violation.atPointer(
                        "/data/quantity", "must be an integer between 0 and " + maxEventQuantity));
            } else {
                quantity = q.asLong();
            }
        }
        if (!errors.isEmpty()) {
            return new ItemResult(index, id, source, ItemResult.REJECTED, invalid(errors));
        }
        return new Parsed(id, source, subject, meter, quantity, time);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static Problem invalid(List<Problem.Violation> errors) {
        return new Problem(
                Problem.type("invalid-request"),
                "Invalid request",
                400,
                "The event has " + errors.size() + " invalid value" + (errors.size() == 1 ? "." : "s."),
                null,
                errors);
    }

    private static Problem problem(int status, String slug, String detail, String pointer) {
        return new Problem(
                Problem.type(slug),
                switch (slug) {
                    case "unknown-workspace" -> "Unknown workspace";
                    case "unknown-meter" -> "Unknown meter";
                    case "window-closed" -> "Rating window closed";
                    case "partner-not-granted" -> "Partner not granted";
                    default -> "Unprocessable event";
                },
                status,
                detail,
                null,
                List.of(Problem.Violation.atPointer(pointer, detail)));
    }
}
