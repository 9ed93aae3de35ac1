package io.sealcloud.appstore.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.sealcloud.appstore.config.AppstoreConfig;
import io.sealcloud.appstore.domain.catalog.CatalogTemplate;
import io.sealcloud.appstore.domain.catalog.CatalogVersion;
import io.sealcloud.appstore.domain.catalog.VersionKey;
import io.sealcloud.appstore.domain.catalog.VersionStatus;
import io.sealcloud.appstore.domain.policy.TenantPolicy;
import io.sealcloud.appstore.domain.policy.TenantPolicyException;
import io.sealcloud.appstore.domain.template.InputSchema;
import io.sealcloud.appstore.domain.template.Localized;
import io.sealcloud.appstore.domain.template.Rendering;
import io.sealcloud.appstore.domain.template.TemplateFormatException;
import io.sealcloud.appstore.domain.template.TemplateParser;
import io.sealcloud.appstore.domain.template.TemplateSpec;
import io.sealcloud.appstore.repository.CatalogTemplateRepository;
import io.sealcloud.appstore.repository.CatalogVersionRepository;
import io.sealcloud.platform.problem.ProblemException;
import io.sealcloud.platform.tenancy.WorkspaceRole;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The catalog: imports template versions, and answers searches and details. */
@ApplicationScoped
public class CatalogService {

    /** A parsed version, cached by content hash (versions are immutable). */
    public record Version(CatalogVersion row, TemplateSpec spec) {}

    /**
     * Whether this cloud can run a version: every kind its objects need (rendered with the defaults, as an install
     * with no inputs would) is served by the cluster; {@code missingKinds} lists the others ({@code apiVersion Kind}).
     */
    public record Runnability(boolean runnable, List<String> missingKinds) {

        static final Runnability UNKNOWN = new Runnability(true, List.of());
    }

    private static final Pattern VERSION = Pattern.compile("^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$");
    private static final TenantPolicy.Placement CHECK_PLACEMENT =
            new TenantPolicy.Placement("catalogcheck", "ns-catalogcheck", "catalog-check", null, WorkspaceRole.OWNER);

    private final CatalogTemplateRepository templates;
    private final CatalogVersionRepository versions;
    private final AppstoreConfig config;
    private final TenantPolicy policy;
    private final ServedKinds served;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, TemplateSpec> parsed = new ConcurrentHashMap<>();
    /** {@code apiVersion Kind} of the objects each version renders with its defaults, by content hash. */
    private final Map<String, Set<String>> kinds = new ConcurrentHashMap<>();

    public CatalogService(
            CatalogTemplateRepository templates,
            CatalogVersionRepository versions,
            AppstoreConfig config,
            TenantPolicy policy,
            ServedKinds served,
            ObjectMapper json,
            Clock clock) {
        this.templates = templates;
        this.versions = versions;
        this.config = config;
        this.policy = policy;
        this.served = served;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Imports files as {@code version}, all or nothing: every file must parse, render with its defaults and pass the
     * tenant policy; a version that exists with other content is refused (versions are immutable), with the same
     * content it is left alone (so re-importing is idempotent).
     *
     * @param drafts store as drafts (partners' uploads) instead of publishing
     */
    @WithTransaction
    public Uni<List<ImportOutcome>> importFiles(
            List<TemplateFile> files, String version, String source, String actor, boolean drafts) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new CatalogImportException(List.of(new CatalogImportException.FileError(
                    "",
                    "version must be 1–64 letters, digits, '.', '+', '_' or '-', starting with a letter or digit")));
        }
        if (files.isEmpty()) {
            return Uni.createFrom()
                    .failure(new CatalogImportException(List.of(
                            new CatalogImportException.FileError("", "no template files (*.yaml, *.yml) found"))));
        }
        return checkAll(files).chain(specs -> storeAll(files, specs, version, source, actor, drafts));
    }

    /**
     * Parses and checks every file, off the event loop (rendering a large template takes milliseconds), and comes
     * back on the caller's Vert.x context so that the caller's reactive session stays usable.
     */
    Uni<List<TemplateSpec>> checkAll(List<TemplateFile> files) {
        Context context = Vertx.currentContext();
        Uni<List<TemplateSpec>> work = Uni.createFrom().item(() -> checkFiles(files));
        if (context == null) {
            return work;
        }
        return work.runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(command -> context.runOnContext(ignored -> command.run()));
    }

    private List<TemplateSpec> checkFiles(List<TemplateFile> files) {
        List<CatalogImportException.FileError> errors = new ArrayList<>();
        List<TemplateSpec> specs = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (TemplateFile file : files) {
            try {
                TemplateSpec spec = check(file.content());
                if (!names.add(spec.name())) {
                    errors.add(new CatalogImportException.FileError(
                            file.path(), "template '" + spec.name() + "' appears twice"));
                }
                specs.add(spec);
            } catch (TemplateFormatException | TenantPolicyException e) {
                errors.add(new CatalogImportException.FileError(file.path(), e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new CatalogImportException(errors);
        }
        return specs;
    }

    private Uni<List<ImportOutcome>> storeAll(
            List<TemplateFile> files,
            List<TemplateSpec> specs,
            String version,
            String source,
            String actor,
            boolean drafts) {
        List<ImportOutcome> outcomes = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < files.size(); i++) {
            TemplateFile file = files.get(i);
            TemplateSpec spec = specs.get(i);
            chain = chain.chain(() ->
                            store(file, spec, version, source, actor, drafts).invoke(outcomes::add))
                    .replaceWithVoid();
        }
        return chain.map(ignored -> {
            List<CatalogImportException.FileError> conflicts = outcomes.stream()
                    .filter(o -> o.outcome().equals("conflict"))
                    .map(o -> new CatalogImportException.FileError(
                            o.file(),
                            "version " + version + " of '" + o.template()
                                    + "' exists with other content; versions are immutable, import a new version"))
                    .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
            outcomes.stream()
                    .filter(o -> o.outcome().equals("not-owner"))
                    .forEach(
                            o -> conflicts.add(
                                    new CatalogImportException.FileError(
                                            o.file(),
                                            "template '" + o.template()
                                                    + "' was published by someone else; partners add versions to their own templates")));
            if (!conflicts.isEmpty()) {
                throw new CatalogImportException(conflicts);
            }
            return outcomes;
        });
    }

    /** Parses a file and proves it renders with its defaults into objects a workspace may hold. */
    TemplateSpec check(String content) {
        TemplateSpec spec = TemplateParser.parse(content);
        var rendered = Rendering.start(
                        spec,
                        PlatformVariables.of(config.platform(), "catalogcheck", "catalog-check"),
                        "catalog-check",
                        config.rendering().limits())
                .render();
        policy.place(rendered.objects(), CHECK_PLACEMENT);
        return spec;
    }

    private Uni<ImportOutcome> store(
            TemplateFile file, TemplateSpec spec, String version, String source, String actor, boolean drafts) {
        String sha = sha256(file.content());
        VersionStatus status = drafts || spec.draft() ? VersionStatus.DRAFT : VersionStatus.PUBLISHED;
        return versions.findById(new VersionKey(spec.name(), version)).chain(existing -> {
            if (existing != null) {
                String outcome = existing.contentSha256.equals(sha) ? "unchanged" : "conflict";
                return Uni.createFrom()
                        .item(new ImportOutcome(
                                file.path(), spec.name(), version, existing.status.wireName(), outcome));
            }
            Instant now = clock.instant();
            return templates.findById(spec.name()).chain(template -> {
                if (template != null && drafts) {
                    // A partner publishes new versions of their own templates only.
                    return versions.count("key.templateName = ?1 and createdBy = ?2", spec.name(), actor)
                            .chain(own -> own == 0
                                    ? Uni.createFrom()
                                            .item(new ImportOutcome(
                                                    file.path(), spec.name(), version, "draft", "not-owner"))
                                    : create(file, spec, version, source, actor, status, sha, now, template));
                }
                return create(file, spec, version, source, actor, status, sha, now, template);
            });
        });
    }

    private Uni<ImportOutcome> create(
            TemplateFile file,
            TemplateSpec spec,
            String version,
            String source,
            String actor,
            VersionStatus status,
            String sha,
            Instant now,
            CatalogTemplate template) {
        {
            {
                CatalogTemplate row = template == null ? new CatalogTemplate() : template;
                boolean isNew = template == null;
                if (isNew) {
                    row.name = spec.name();
                    row.createdAt = now;
                }
                // The listing shows the newest published version; a draft only fills in a brand-new row.
                if (isNew || status == VersionStatus.PUBLISHED) {
                    describe(row, spec);
                    row.updatedAt = now;
                }
                if (status == VersionStatus.PUBLISHED) {
                    row.latestVersion = version;
                }
                CatalogVersion v = new CatalogVersion();
                v.key = new VersionKey(spec.name(), version);
                v.status = status;
                v.source = source;
                v.content = file.content();
                v.contentSha256 = sha;
                v.inputSchema = write(InputSchema.of(spec));
                v.createdBy = actor;
                v.createdAt = now;
                Uni<CatalogTemplate> saved =
                        isNew ? templates.persist(row) : Uni.createFrom().item(row);
                return saved.chain(() -> templates.flush())
                        .chain(() -> versions.persist(v))
                        .map(stored ->
                                new ImportOutcome(file.path(), spec.name(), version, status.wireName(), "created"));
            }
        }
    }

    private void describe(CatalogTemplate row, TemplateSpec spec) {
        row.title = spec.title();
        row.description = spec.description();
        row.url = spec.url();
        row.gitRepo = spec.gitRepo();
        row.author = spec.author();
        row.readme = spec.readme();
        row.icon = spec.icon();
        row.locale = spec.locale();
        Set<String> locales = new LinkedHashSet<>();
        locales.add(spec.locale());
        locales.addAll(spec.i18n().keySet());
        row.locales = "," + String.join(",", locales) + ",";
        row.categories = ","
                + String.join(
                        ",",
                        spec.categories().stream()
                                .map(c -> c.toLowerCase(Locale.ROOT))
                                .toList()) + ",";
        row.i18nJson = write(new TreeMap<>(spec.i18n()));
        StringBuilder search = new StringBuilder(spec.name()).append('\n').append(spec.title());
        if (spec.description() != null) {
            search.append('\n').append(spec.description());
        }
        for (Localized l : spec.i18n().values()) {
            search.append('\n').append(l.title()).append('\n').append(l.description());
        }
        spec.categories().forEach(c -> search.append('\n').append(c));
        row.searchText = search.toString().toLowerCase(Locale.ROOT);
    }

    /** What ops may do to a version. */
    public enum Review {
        /** draft → published (listed; the newest published version becomes the template's latest) */
        APPROVE,
        /** published → deprecated (still listed and installable, flagged; instances running it are flagged) */
        DEPRECATE,
        /** published or deprecated → withdrawn (hidden, cannot be installed; running instances keep working) */
        WITHDRAW
    }

    /**
     * Changes a version's status as ops decided, keeping the template's listing consistent: an approved version newer
     * than the listed one becomes the latest; withdrawing the latest lists the newest remaining one (or hides the
     * template when none is left).
     *
     * @throws ProblemException 404 for an unknown version, 409 {@code invalid-status-transition} when the version's
     *     status does not allow it
     */
    @WithTransaction
    public Uni<CatalogVersion> review(String name, String version, Review review, String actor, String note) {
        return versions.findById(new VersionKey(name, version)).chain(v -> {
            if (v == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Version", name + " " + version));
            }
            Set<VersionStatus> from = switch (review) {
                case APPROVE -> Set.of(VersionStatus.DRAFT);
                case DEPRECATE -> Set.of(VersionStatus.PUBLISHED);
                case WITHDRAW -> Set.of(VersionStatus.PUBLISHED, VersionStatus.DEPRECATED);
            };
            if (!from.contains(v.status)) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict(
                                "invalid-status-transition",
                                "Version " + version + " of " + name + " is " + v.status.wireName() + "; "
                                        + review.name().toLowerCase(Locale.ROOT) + " applies to "
                                        + String.join(
                                                " or ",
                                                from.stream()
                                                        .map(VersionStatus::wireName)
                                                        .sorted()
                                                        .toList())
                                        + " versions."));
            }
            Instant now = clock.instant();
            v.status = switch (review) {
                case APPROVE -> VersionStatus.PUBLISHED;
                case DEPRECATE -> VersionStatus.DEPRECATED;
                case WITHDRAW -> VersionStatus.WITHDRAWN;
            };
            v.reviewedBy = actor;
            v.reviewedAt = now;
            v.reviewNote = note;
            return templates
                    .findById(name)
                    .chain(row -> relist(row, v, review, now))
                    .replaceWith(v);
        });
    }

    private Uni<Void> relist(CatalogTemplate row, CatalogVersion changed, Review review, Instant now) {
        if (review == Review.APPROVE) {
            Uni<CatalogVersion> listed = row.latestVersion == null
                    ? Uni.createFrom().nullItem()
                    : versions.findById(new VersionKey(row.name, row.latestVersion));
            return listed.invoke(current -> {
                        if (current == null || !changed.createdAt.isBefore(current.createdAt)) {
                            row.latestVersion = changed.key.version;
                            describe(row, parse(changed));
                            row.updatedAt = now;
                        }
                    })
                    .replaceWithVoid();
        }
        if (review == Review.WITHDRAW && changed.key.version.equals(row.latestVersion)) {
            return versions.newestListed(row.name, changed.key.version)
                    .invoke(next -> {
                        row.latestVersion = next == null ? null : next.key.version;
                        if (next != null) {
                            describe(row, parse(next));
                        }
                        row.updatedAt = now;
                    })
                    .replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }

    /** Drafts waiting for review, oldest first; {@code author} null = everyone's (ops), else one partner's own. */
    @WithSession
    public Uni<Map.Entry<List<CatalogVersion>, Long>> drafts(String author, int page, int size) {
        return versions.drafts(author, page, size)
                .chain(items -> versions.countDrafts(author).map(total -> Map.entry(items, total)));
    }

    @WithSession
    public Uni<CatalogTemplateRepository.Page> search(
            String category, String keyword, String locale, int page, int size) {
        return templates.search(category, keyword, locale, page, size);
    }

    /** A listed template with its visible versions (newest first); null when it is not listed. */
    @WithSession
    public Uni<Map.Entry<CatalogTemplate, List<CatalogVersion>>> find(String name) {
        return templates
                .findListed(name)
                .chain(template -> template == null
                        ? Uni.createFrom().nullItem()
                        : versions.listVisible(name).map(all -> Map.entry(template, all)));
    }

    /** A visible version, parsed; null when there is none. */
    @WithSession
    public Uni<Version> version(String name, String version) {
        return versions.findVisible(name, version).map(row -> row == null ? null : new Version(row, parse(row)));
    }

    /** Whether this cloud can run {@code row} (discovery, cached). */
    public Uni<Runnability> runnability(CatalogVersion row) {
        return Blocking.call(() -> runnabilityNow(row));
    }

    /** {@link #runnability} of each template's latest version, by template name (one query for the page). */
    @WithSession
    public Uni<Map<String, Runnability>> runnabilityOfLatest(List<CatalogTemplate> page) {
        if (page.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<String, String> latest = new java.util.HashMap<>();
        page.forEach(t -> latest.put(t.name, t.latestVersion));
        return versions.ofTemplates(List.copyOf(latest.keySet()))
                .map(all -> all.stream()
                        .filter(v -> v.key.version.equals(latest.get(v.key.templateName)))
                        .toList())
                .chain(rows -> Blocking.call(() -> {
                    Map<String, Runnability> out = new java.util.HashMap<>();
                    rows.forEach(row -> out.put(row.key.templateName, runnabilityNow(row)));
                    return out;
                }));
    }

    private Runnability runnabilityNow(CatalogVersion row) {
        Set<String> needed = kinds.computeIfAbsent(row.contentSha256, sha -> kindsOf(row));
        if (needed == null) {
            return Runnability.UNKNOWN;
        }
        List<String> missing = new ArrayList<>();
        for (String apiVersionKind : needed) {
            String[] parts = apiVersionKind.split(" ", 2);
            if (served.lookup(parts[0], parts[1]).isNotServed()) {
                missing.add(apiVersionKind);
            }
        }
        return new Runnability(missing.isEmpty(), List.copyOf(missing));
    }

    /** The kinds the version's objects have when rendered with its defaults; null when it no longer renders. */
    private Set<String> kindsOf(CatalogVersion row) {
        try {
            var rendered = Rendering.start(
                            parse(row),
                            PlatformVariables.of(config.platform(), "catalogcheck", "catalog-check"),
                            "catalog-check",
                            config.rendering().limits())
                    .render();
            Set<String> out = new java.util.TreeSet<>();
            for (Map<String, Object> object :
                    policy.place(rendered.objects(), CHECK_PLACEMENT).objects()) {
                out.add(object.get("apiVersion") + " " + object.get("kind"));
            }
            return out;
        } catch (RuntimeException e) {
            // Checked at import; today's policy may refuse it, which install reports in its own words.
            return null;
        }
    }

    public TemplateSpec parse(CatalogVersion row) {
        return parsed.computeIfAbsent(row.contentSha256, sha -> TemplateParser.parse(row.content));
    }

    public Map<String, Localized> translations(CatalogTemplate template) {
        try {
            return json.readValue(
                    template.i18nJson,
                    json.getTypeFactory().constructMapType(TreeMap.class, String.class, Localized.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog_templates.i18n_json of " + template.name + " is not JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> schema(CatalogVersion row) {
        try {
            return json.readValue(row.inputSchema, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("input_schema of " + row.key.templateName + " is not JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String content) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
