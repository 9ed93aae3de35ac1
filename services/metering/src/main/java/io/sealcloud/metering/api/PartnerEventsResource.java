package io.sealcloud.metering.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.sealcloud.metering.config.MeteringConfig;
import io.sealcloud.metering.domain.MeteredResources;
import io.sealcloud.metering.service.PartnerIngest;
import io.sealcloud.metering.service.PartnerIngest.ItemResult;
import io.sealcloud.platform.idempotency.Idempotency;
import io.sealcloud.platform.idempotency.IdempotentRequest;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Partner usage ingest: CloudEvents in structured mode, one ({@code application/cloudevents+json}) or a batch
 * ({@code application/cloudevents-batch+json}). Partner clients only (realm role {@code partner}); the client id of
 * the token names the partner, so a partner can only bill its own meters.
 */
@Path("/api/metering/v1/events")
@RolesAllowed("partner")
@Tag(name = "partner usage")
@SecurityRequirement(name = "oidc")
public class PartnerEventsResource {

    public static final String SINGLE = "application/cloudevents+json";
    public static final String BATCH = "application/cloudevents-batch+json";

    private final PartnerIngest ingest;
    private final Idempotency idempotency;
    private final JsonWebToken token;
    private final ObjectMapper mapper;
    private final int maxBatch;

    public PartnerEventsResource(
            PartnerIngest ingest,
            Idempotency idempotency,
            JsonWebToken token,
            ObjectMapper mapper,
            MeteringConfig config) {
        this.ingest = ingest;
        this.idempotency = idempotency;
        this.token = token;
        this.mapper = mapper;
        this.maxBatch = config.partner().maxBatch();
    }

    /** The answer to a batch: counts and one result per event, in order. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchResult(int accepted, int duplicates, int rejected, List<ItemResult> results) {}

    @POST
    @Consumes({SINGLE, BATCH})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report partner usage as CloudEvents (type io.sealcloud.partner.usage.v1)")
    @APIResponse(responseCode = "202", description = "One event: accepted, or a duplicate of one accepted before")
    @APIResponse(responseCode = "200", description = "A batch: per-event results (accepted, duplicate, rejected)")
    @APIResponse(responseCode = "400", description = "Malformed JSON, or a single malformed event")
    @APIResponse(responseCode = "403", description = "The token is not a partner client's")
    @APIResponse(responseCode = "422", description = "A single event for an unknown workspace or meter, or too late")
    public Uni<Response> ingest(
            String body,
            @Context HttpHeaders headers,
            @Parameter(description = "Makes retries safe: the first response is replayed for 24 h")
                    @HeaderParam(Idempotency.HEADER)
                    String idempotencyKey,
            @Context UriInfo uri) {
        String clientId = clientId();
        boolean batch = headers.getMediaType() != null
                && BATCH.equalsIgnoreCase(headers.getMediaType().getType() + "/"
                        + headers.getMediaType().getSubtype());
        JsonNode json = parse(body);
        List<JsonNode> events = new ArrayList<>();
        if (batch) {
            if (!json.isArray()) {
                throw ProblemException.badRequest(
                        "A batch is a JSON array of CloudEvents.",
                        List.of(Problem.Violation.atPointer("", "must be an array")));
            }
            if (json.size() > maxBatch) {
                throw ProblemException.badRequest(
                        "The batch is too large.",
                        List.of(Problem.Violation.atPointer("", "must hold at most " + maxBatch + " events")));
            }
            json.forEach(events::add);
        } else {
            events.add(json);
        }
        IdempotentRequest request = new IdempotentRequest(token.getSubject(), "POST", uri.getPath(), json);
        return idempotency.execute(
                idempotencyKey,
                request,
                () -> Panache.withTransaction(() -> ingest.ingest(clientId, events))
                        .map(results -> batch ? batchResponse(results) : singleResponse(results.get(0))));
    }

    private static Response batchResponse(List<ItemResult> results) {
        int accepted = 0;
        int duplicates = 0;
        int rejected = 0;
        for (ItemResult r : results) {
            switch (r.status()) {
                case ItemResult.ACCEPTED -> accepted++;
                case ItemResult.DUPLICATE -> duplicates++;
                default -> rejected++;
            }
        }
        return Response.ok(new BatchResult(accepted, duplicates, rejected, results), MediaType.APPLICATION_JSON)
                .build();
    }

    private static Response singleResponse(ItemResult result) {
        if (ItemResult.REJECTED.equals(result.status())) {
            Problem p = result.problem();
            throw new ProblemException(
                    p.status(), slugOf(p), p.title(), p.detail(), p.errors() == null ? List.of() : p.errors());
        }
        return Response.accepted(result).type(MediaType.APPLICATION_JSON).build();
    }

    private static String slugOf(Problem p) {
        return p.type().toString().substring(Problem.TYPE_BASE.length());
    }

    private String clientId() {
        // Keycloak puts the client of a client-credentials token in azp; other issuers may use client_id.
        Object azp = token.getClaim("azp");
        Object clientId = azp != null ? azp : token.getClaim("client_id");
        String id = clientId == null ? null : clientId.toString();
        if (id == null || !MeteredResources.PARTNER_PART.matcher(id).matches()) {
            throw ProblemException.forbidden("The token names no partner client usable as a meter owner.");
        }
        return id;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest(
                    "The request has no body.", List.of(Problem.Violation.atPointer("", "must be a CloudEvent")));
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(
                    400,
                    "malformed-json",
                    "Malformed JSON",
                    "The body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ").");
        }
    }
}
