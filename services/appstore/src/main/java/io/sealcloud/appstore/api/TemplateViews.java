package io.sealcloud.appstore.api;

import io.sealcloud.appstore.domain.catalog.CatalogTemplate;
import io.sealcloud.appstore.domain.catalog.CatalogVersion;
import io.sealcloud.appstore.domain.template.InputSpec;
import io.sealcloud.appstore.domain.template.Localized;
import io.sealcloud.appstore.service.CatalogService;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The catalog's API models (records; entities never leave the service). */
public final class TemplateViews {

    private TemplateViews() {}

    /**
     * One entry of a catalog listing. {@code runnable}: this cloud serves every kind the latest version's objects need
     * (rendered with the defaults); {@code missingKinds} names the others ({@code apiVersion Kind}).
     */
    public record TemplateSummary(
            String name,
            String title,
            String description,
            String icon,
            List<String> categories,
            String locale,
            String latestVersion,
            boolean runnable,
            List<String> missingKinds) {}

    /** A page of the catalog. */
    public record TemplatePage(List<TemplateSummary> items, int page, int size, long total) {}

    /** A version of a template. */
    public record VersionSummary(String version, String status, Instant createdAt) {}

    /** One input of a template version, as declared. */
    public record InputView(
            String name,
            String description,
            String type,
            String defaultValue,
            boolean required,
            List<String> options,
            String visibleIf) {

        static InputView of(InputSpec input) {
            return new InputView(
                    input.name(),
                    input.description(),
                    input.type().wireName(),
                    input.defaultValue(),
                    input.required(),
                    input.options(),
                    input.conditional() ? input.visibleIf().trim() : null);
        }
    }

    /** A template with one version's inputs (the latest published one unless another was asked for). */
    public record TemplateDetail(
            String name,
            String title,
            String description,
            String url,
            String gitRepo,
            String author,
            String readme,
            String icon,
            String locale,
            List<String> categories,
            Map<String, Localized> translations,
            String version,
            String versionStatus,
            boolean deprecated,
            List<VersionSummary> versions,
            List<InputView> inputs,
            Map<String, Object> inputSchema,
            boolean runnable,
            List<String> missingKinds) {}

    /** A file's outcome in an import. */
    public record ImportedVersion(String file, String template, String version, String status, String outcome) {}

    /** What an import did. */
    public record ImportReport(List<ImportedVersion> imported) {}

    static List<String> categories(CatalogTemplate template) {
        return Arrays.stream(template.categories.split(","))
                .filter(c -> !c.isEmpty())
                .toList();
    }

    static TemplateSummary summary(
            CatalogTemplate t,
            Map<String, Localized> translations,
            String locale,
            CatalogService.Runnability runnability) {
        Localized l = locale == null ? null : translations.get(locale);
        return new TemplateSummary(
                t.name,
                l != null && l.title() != null ? l.title() : t.title,
                l != null && l.description() != null ? l.description() : t.description,
                t.icon,
                categories(t),
                t.locale,
                t.latestVersion,
                runnability == null || runnability.runnable(),
                runnability == null ? List.of() : runnability.missingKinds());
    }

    static VersionSummary version(CatalogVersion v) {
        return new VersionSummary(v.key.version, v.status.wireName(), v.createdAt);
    }
}
