package io.sealcloud.appstore.domain.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed template file: the {@code Template} document's metadata, defaults and inputs, and the manifest text that
 * follows it (still with its expressions and directives; rendered per install).
 *
 * @param body the manifests after the Template document, verbatim
 * @param bodyLine the 1-based line in the file where {@link #body} starts (for error messages)
 */
public record TemplateSpec(
        String name,
        String title,
        String description,
        String url,
        String gitRepo,
        String author,
        String readme,
        String icon,
        String templateType,
        String locale,
        Map<String, Localized> i18n,
        List<String> categories,
        boolean draft,
        Map<String, DefaultSpec> defaults,
        Map<String, InputSpec> inputs,
        String body,
        int bodyLine) {

    public TemplateSpec {
        i18n = i18n == null ? Map.of() : Map.copyOf(i18n);
        categories = categories == null ? List.of() : List.copyOf(categories);
        // Declaration order matters: defaults and input defaults may refer to earlier entries.
        defaults = defaults == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        inputs = inputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }
}
