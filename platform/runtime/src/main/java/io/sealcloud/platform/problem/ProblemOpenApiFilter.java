package io.sealcloud.platform.problem;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Makes every service's OpenAPI document say what its errors look like: a {@code Problem} schema (RFC 9457, as
 * {@link Problem} renders it), {@code application/problem+json} on every 4xx/5xx response an operation declares, a
 * {@code 401} on every operation that requires a token, and a {@code default} response for the statuses an
 * operation does not list — every error a sealcloud service answers is a problem. Runs at build time, so the
 * document each service commits under {@code src/main/openapi} has it too.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemOpenApiFilter implements OASFilter {

    static final String SCHEMA = "Problem";
    static final String REF = "#/components/schemas/" + SCHEMA;

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        components.addSchema(SCHEMA, problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        boolean securedByDefault =
                openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty();
        openAPI.getPaths()
                .getPathItems()
                .values()
                .forEach(item -> item.getOperations()
                        .values()
                        .forEach(operation -> describeErrors(operation, securedByDefault)));
    }

    private static void describeErrors(Operation operation, boolean securedByDefault) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        Map<String, APIResponse> declared = responses.getAPIResponses();
        if (declared != null) {
            declared.forEach((status, response) -> {
                if (isError(status) && response.getRef() == null) {
                    response.setContent(problemContent());
                }
            });
        }
        boolean secured =
                operation.getSecurity() != null ? !operation.getSecurity().isEmpty() : securedByDefault;
        if (secured && !responses.hasAPIResponse("401")) {
            responses.addAPIResponse(
                    "401",
                    OASFactory.createAPIResponse()
                            .description("The bearer token is missing, invalid or expired.")
                            .content(problemContent()));
        }
        if (responses.getDefaultValue() == null) {
            responses.setDefaultValue(OASFactory.createAPIResponse()
                    .description("Any other error, as an RFC 9457 problem (type, title, status, detail).")
                    .content(problemContent()));
        }
    }

    private static boolean isError(String status) {
        return status.startsWith("4") || status.startsWith("5");
    }

    private static Content problemContent() {
        return OASFactory.createContent()
                .addMediaType(
                        Problem.MEDIA_TYPE,
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref(REF)));
    }

    private static Schema problemSchema() {
        Schema violation = OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("One thing wrong with the input: a JSON Pointer into the body, or a parameter's name.")
                .addProperty(
                        "pointer",
                        string("RFC 6901 pointer to the offending field of the request body, e.g. /inputs/storage."))
                .addProperty("parameter", string("The offending query, path or header parameter."))
                .addProperty("detail", string("What is wrong with it."));
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("An RFC 9457 problem detail: the body of every 4xx and 5xx response.")
                .addRequired("type")
                .addRequired("title")
                .addRequired("status")
                .addProperty(
                        "type",
                        string("URI of the kind of problem (" + Problem.TYPE_BASE + "<slug>); clients branch on it.")
                                .format("uri"))
                .addProperty("title", string("Short summary of the type; the same for every occurrence."))
                .addProperty(
                        "status",
                        OASFactory.createSchema()
                                .type(List.of(Schema.SchemaType.INTEGER))
                                .description("The HTTP status code."))
                .addProperty("detail", string("Human explanation of this occurrence."))
                .addProperty(
                        "instance", string("The request path, or urn:uuid:<error id> for a 5xx (quote it to support)."))
                .addProperty(
                        "errors",
                        OASFactory.createSchema()
                                .type(List.of(Schema.SchemaType.ARRAY))
                                .description("Per-field validation errors; absent when not applicable.")
                                .items(violation));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description);
    }
}
