package io.sealcloud.appstore.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.sealcloud.appstore.api.TemplateViews.ImportReport;
import io.sealcloud.appstore.api.TemplateViews.ImportedVersion;
import io.sealcloud.appstore.api.TemplateViews.InputView;
import io.sealcloud.appstore.api.TemplateViews.TemplateDetail;
import io.sealcloud.appstore.api.TemplateViews.TemplatePage;
import io.sealcloud.appstore.config.AppstoreConfig;
import io.sealcloud.appstore.domain.catalog.CatalogTemplate;
import io.sealcloud.appstore.domain.catalog.CatalogVersion;
import io.sealcloud.appstore.domain.catalog.VersionStatus;
import io.sealcloud.appstore.domain.policy.TenantPolicyException;
import io.sealcloud.appstore.domain.template.InvalidInputsException;
import io.sealcloud.appstore.domain.template.Localized;
import io.sealcloud.appstore.domain.template.TemplateFormatException;
import io.sealcloud.appstore.service.CatalogImportException;
import io.sealcloud.appstore.service.CatalogService;
import io.sealcloud.appstore.service.InputCheck;
import io.sealcloud.appstore.service.TemplateBundles;
import io.sealcloud.appstore.service.TemplateFile;
import io.sealcloud.platform.idempotency.Idempotency;
import io.sealcloud.platform.idempotency.IdempotentRequest;
import io.sealcloud.platform.problem.Problem;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The app catalog: search, details with inputs and their JSON Schema (realm role {@code user}), and imports of template
 * bundles and reviews ({@code ops}, {@code partner}).
 */
@Path("/api/appstore/v1/templates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
@Tag(name = "catalog")
@SecurityRequirement(name = "oidc")
public class CatalogResource {

    private final CatalogService catalog;
    private final Idempotency idempotency;
    private final SecurityIdentity identity;
    private final AppstoreConfig config;
    private final InputCheck inputCheck;
    private final JsonWebToken token;

    public CatalogResource(
            CatalogService catalog,
            Idempotency idempotency,
            SecurityIdentity identity,
            AppstoreConfig config,
            InputCheck inputCheck,
            JsonWebToken token) {
        this.inputCheck = inputCheck;
        this.token = token;
        this.catalog = catalog;
        this.idempotency = idempotency;
        this.identity = identity;
        this.config = config;
    }

    @GET
    @Operation(summary = "Search the catalog (published templates only)")
    public Uni<TemplatePage> search(
            @QueryParam("category") @Pattern(regexp = "^[a-z0-9][-a-z0-9]{0,62}$") String category,
            @QueryParam("q") @jakarta.validation.constraints.Size(min = 1, max = 100) String keyword,
            @QueryParam("locale") @Pattern(regexp = "^[a-z]{2}(-[A-Za-z]{2,4})?$") String locale,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return catalog.search(category, keyword, locale, page, size)
                .chain(result -> catalog.runnabilityOfLatest(result.items())
                        .map(runnable -> new TemplatePage(
                                result.items().stream()
                                        .map(t -> TemplateViews.summary(
                                                t, catalog.translations(t), locale, runnable.get(t.name)))
                                        .toList(),
                                page,
                                size,
                                result.total())));
    }

    @GET
    @Path("{name}")
    @Operation(summary = "A template with the inputs of its latest published version")
    @APIResponse(responseCode = "404", description = "No such published template")
    public Uni<TemplateDetail> get(
            @PathParam("name") String name,
            @QueryParam("locale") @Pattern(regexp = "^[a-z]{2}(-[A-Za-z]{2,4})?$") String locale) {
        return detail(name, null, locale);
    }

    @GET
    @Path("{name}/versions/{version}")
    @Operation(summary = "A template with the inputs of one version")
    @APIResponse(responseCode = "404", description = "No such published template or version")
    public Uni<TemplateDetail> getVersion(
            @PathParam("name") String name,
            @PathParam("version") String version,
            @QueryParam("locale") @Pattern(regexp = "^[a-z]{2}(-[A-Za-z]{2,4})?$") String locale) {
        return detail(name, version, locale);
    }

    private Uni<TemplateDetail> detail(String name, String requestedVersion, String locale) {
        return catalog.find(name).chain(found -> {
            if (found == null) {
                throw ProblemException.notFound("Template", name);
            }
            CatalogTemplate t = found.getKey();
            String version = requestedVersion == null ? t.latestVersion : requestedVersion;
            return catalog.version(name, version).chain(v -> {
                if (v == null) {
                    throw ProblemException.notFound("Version", name + " " + version);
                }
                return catalog.runnability(v.row())
                        .map(runnable ->
                                detail(t, found.getValue(), v.row(), catalog.translations(t), locale, v, runnable));
            });
        });
    }

    private TemplateDetail detail(
            CatalogTemplate t,
            List<CatalogVersion> versions,
            CatalogVersion v,
            Map<String, Localized> translations,
            String locale,
            CatalogService.Version parsed,
            CatalogService.Runnability runnability) {
        var summary = TemplateViews.summary(t, translations, locale, runnability);
        return new TemplateDetail(
                t.name,
                summary.title(),
                summary.description(),
                t.url,
                t.gitRepo,
                t.author,
                t.readme,
                t.icon,
                t.locale,
                TemplateViews.categories(t),
                translations,
                v.key.version,
                v.status.wireName(),
                v.status == VersionStatus.DEPRECATED,
                versions.stream().map(TemplateViews::version).toList(),
                parsed.spec().inputs().values().stream().map(InputView::of).toList(),
                catalog.schema(v),
                runnability.runnable(),
                runnability.missingKinds());
    }

    @POST
    @Path("{name}/versions/{version}/input-checks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Check inputs against a template version",
            description = "Validates the inputs (types, choices, required, if visibility, unknown names) and dry-runs "
                    + "the render and the tenant policy, as an install would, without applying anything.")
    @APIResponse(responseCode = "200", description = "Valid: the input values and the objects an install would create")
    @APIResponse(responseCode = "400", description = "invalid-inputs: errors[] with a pointer /inputs/<name> each")
    @APIResponse(responseCode = "404", description = "No such published template or version")
    @APIResponse(
            responseCode = "422",
            description = "The inputs make the template render objects a workspace may not hold")
    public Uni<CheckInputsResult> checkInputs(
            @PathParam("name") String name, @PathParam("version") String version, CheckInputsRequest request) {
        Map<String, Object> inputs = request == null ? Map.of() : request.inputsOrEmpty();
        return catalog.version(name, version).chain(v -> {
            if (v == null) {
                throw ProblemException.notFound("Version", name + " " + version);
            }
            // Rendering is CPU work: off the event loop.
            return Uni.createFrom()
                    .item(() -> check(v, inputs))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        });
    }

    private CheckInputsResult check(CatalogService.Version version, Map<String, Object> inputs) {
        try {
            InputCheck.Outcome outcome = inputCheck.check(version.spec(), inputs, "preview");
            return new CheckInputsResult(
                    outcome.inputs(),
                    outcome.objects().stream()
                            .map(o -> new CheckInputsResult.ObjectRef(
                                    (String) o.get("apiVersion"), (String) o.get("kind"), (String)
                                            ((Map<?, ?>) o.get("metadata")).get("name")))
                            .toList(),
                    outcome.links());
        } catch (InvalidInputsException e) {
            throw new ProblemException(
                    400,
                    "invalid-inputs",
                    "Invalid inputs",
                    e.violations().size() == 1
                            ? "The input " + e.violations().get(0).pointer().substring("/inputs/".length()) + " "
                                    + e.violations().get(0).detail() + "."
                            : e.violations().size() + " inputs are invalid.",
                    e.violations().stream()
                            .map(violation -> Problem.Violation.atPointer(violation.pointer(), violation.detail()))
                            .toList());
        } catch (TenantPolicyException e) {
            throw new ProblemException(
                    422,
                    "object-not-allowed",
                    "Object not allowed in a workspace",
                    e.getMessage(),
                    e.violations().stream()
                            .map(violation -> Problem.Violation.atPointer("", violation.describe()))
                            .toList());
        } catch (TemplateFormatException e) {
            throw ProblemException.unprocessable("template-render-failed", e.getMessage());
        }
    }

    @POST
    @Path("imports")
    @Consumes({
        "application/gzip",
        "application/x-gzip",
        "application/x-tar",
        "application/zip",
        "application/yaml",
        "application/x-yaml",
        "text/yaml"
    })
    @RolesAllowed({"ops", "partner"})
    @Operation(
            summary = "Import template files as one version",
            description = "A tar.gz or zip of template files (*.yaml, *.yml), or one template file. All or nothing: "
                    + "every file must parse, render with its defaults and pass the tenant policy. Ops publish; "
                    + "partners' versions are drafts until ops approve them.")
    @APIResponse(responseCode = "200", description = "Imported (or already present with the same content)")
    @APIResponse(responseCode = "422", description = "A file is invalid, or the version exists with other content")
    public Uni<Response> importBundle(
            byte[] bundle,
            @QueryParam("version") @DefaultValue("1.0.0") String version,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(description = "Makes retries safe: the first response is replayed for 24 h")
                    @HeaderParam(Idempotency.HEADER)
                    String idempotencyKey) {
        boolean drafts = !identity.hasRole("ops");
        String actor = identity.getPrincipal().getName();
        IdempotentRequest request = new IdempotentRequest(
                subject(),
                "POST",
                "/api/appstore/v1/templates/imports?version=" + version,
                Map.of("sha256", sha256(bundle), "contentType", String.valueOf(contentType)));
        return idempotency.execute(idempotencyKey, request, () -> {
            List<TemplateFile> files;
            try {
                files = TemplateBundles.read(bundle, contentType, config.bundles());
            } catch (TemplateBundles.InvalidBundleException e) {
                return Uni.createFrom().failure(ProblemException.unprocessable("invalid-bundle", e.getMessage()));
            }
            return catalog.importFiles(files, version, "upload", actor, drafts)
                    .map(outcomes -> Response.ok(new ImportReport(outcomes.stream()
                                    .map(o -> new ImportedVersion(
                                            o.file(), o.template(), o.version(), o.status(), o.outcome()))
                                    .toList()))
                            .build())
                    .onFailure(CatalogImportException.class)
                    .transform(e -> invalidTemplates((CatalogImportException) e));
        });
    }

    @POST
    @Path("{name}/versions/{version}/approval")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("ops")
    @Operation(summary = "Approve a draft: it is published (and listed as latest when it is the newest)")
    @APIResponse(responseCode = "409", description = "invalid-status-transition: the version is not a draft")
    public Uni<Response> approve(
            @PathParam("name") String name,
            @PathParam("version") String version,
            @Valid CatalogReviewResource.ReviewRequest body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return review(name, version, CatalogService.Review.APPROVE, "approval", body, idempotencyKey);
    }

    @POST
    @Path("{name}/versions/{version}/deprecation")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("ops")
    @Operation(summary = "Deprecate a published version: still installable, flagged with a warning")
    @APIResponse(responseCode = "409", description = "invalid-status-transition: the version is not published")
    public Uni<Response> deprecate(
            @PathParam("name") String name,
            @PathParam("version") String version,
            @Valid CatalogReviewResource.ReviewRequest body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return review(name, version, CatalogService.Review.DEPRECATE, "deprecation", body, idempotencyKey);
    }

    @POST
    @Path("{name}/versions/{version}/withdrawal")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("ops")
    @Operation(summary = "Withdraw a version: hidden and not installable; running instances keep working, flagged")
    @APIResponse(responseCode = "409", description = "invalid-status-transition: the version is a draft or withdrawn")
    public Uni<Response> withdraw(
            @PathParam("name") String name,
            @PathParam("version") String version,
            @Valid CatalogReviewResource.ReviewRequest body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return review(name, version, CatalogService.Review.WITHDRAW, "withdrawal", body, idempotencyKey);
    }

    private Uni<Response> review(
            String name,
            String version,
            CatalogService.Review review,
            String path,
            CatalogReviewResource.ReviewRequest body,
            String idempotencyKey) {
        String note = body == null ? null : body.note();
        IdempotentRequest request = new IdempotentRequest(
                subject(),
                "POST",
                "/api/appstore/v1/templates/" + name + "/versions/" + version + "/" + path,
                note == null ? Map.of() : Map.of("note", note));
        return idempotency.execute(
                idempotencyKey,
                request,
                () -> catalog.review(
                                name, version, review, identity.getPrincipal().getName(), note)
                        .map(v -> Response.ok(CatalogReviewResource.ReviewedVersion.of(v))
                                .build()));
    }

    /** Idempotency keys are the caller's by token subject, which never changes hands (a username can). */
    private String subject() {
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new ProblemException(401, "unauthorized", "Unauthorized", "The access token has no subject.");
        }
        return subject;
    }

    private static ProblemException invalidTemplates(CatalogImportException e) {
        return new ProblemException(
                422,
                "invalid-template",
                "Invalid template",
                e.errors().size() == 1 ? e.getMessage() : e.errors().size() + " template files cannot be imported.",
                e.errors().stream()
                        .map(error -> Problem.Violation.atPointer(
                                "/" + error.file().replace("~", "~0").replace("/", "~1"), error.detail()))
                        .toList());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
