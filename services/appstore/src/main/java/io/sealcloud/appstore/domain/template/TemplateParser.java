package io.sealcloud.appstore.domain.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads a template file: the leading {@code Template} document and the manifest text after it. */
public final class TemplateParser {

    private static final Pattern SEPARATOR = Pattern.compile("^---(\\s.*)?$");
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    private static final Pattern INPUT_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,62}$");

    private TemplateParser() {}

    public static TemplateSpec parse(String source) {
        String text = source.replace("\r\n", "\n");
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        // The Template document ends at the first separator after some content; the manifests follow.
        String[] lines = text.split("\n", -1);
        int first = 0;
        while (first < lines.length && (lines[first].isBlank() || lines[first].startsWith("#"))) {
            first++;
        }
        if (first < lines.length && SEPARATOR.matcher(lines[first]).matches()) {
            first++;
        }
        int separator = first;
        while (separator < lines.length && !SEPARATOR.matcher(lines[separator]).matches()) {
            separator++;
        }
        String header = String.join("\n", java.util.Arrays.asList(lines).subList(first, separator));
        String body = separator + 1 < lines.length
                ? String.join("\n", java.util.Arrays.asList(lines).subList(separator + 1, lines.length))
                : "";
        if (header.contains(Expressions.OPEN + " if(") || header.contains(Expressions.OPEN + " endif(")) {
            throw new TemplateFormatException("directives are not allowed in the Template document", first + 1);
        }
        Map<String, Object> template = map(ManifestYaml.parseRaw(header, first + 1), "the Template document");
        return spec(template, body, separator + 2);
    }

    private static TemplateSpec spec(Map<String, Object> template, String body, int bodyLine) {
        String apiVersion = string(template.get("apiVersion"));
        if (!"app.sealos.io/v1".equals(apiVersion) || !"Template".equals(string(template.get("kind")))) {
            throw new TemplateFormatException(
                    "the first document must be apiVersion app.sealos.io/v1, kind Template", 1);
        }
        Map<String, Object> metadata = map(template.get("metadata"), "metadata");
        String name = string(metadata.get("name"));
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TemplateFormatException(
                    "metadata.name must be a literal DNS label (lowercase letters, digits, '-'), got '" + name + "'");
        }
        Map<String, Object> spec = map(template.get("spec"), "spec");
        String title = string(spec.get("title"));
        return new TemplateSpec(
                name,
                title == null || title.isBlank() ? name : title,
                string(spec.get("description")),
                string(spec.get("url")),
                string(spec.get("gitRepo")),
                string(spec.get("author")),
                string(spec.get("readme")),
                string(spec.get("icon")),
                string(spec.get("templateType")),
                string(spec.get("locale")) == null ? "en" : string(spec.get("locale")),
                i18n(spec.get("i18n")),
                strings(spec.get("categories"), "spec.categories"),
                Boolean.TRUE.equals(spec.get("draft")) || "true".equals(string(spec.get("draft"))),
                defaults(spec.get("defaults")),
                inputs(spec.get("inputs")),
                body,
                bodyLine);
    }

    private static Map<String, Localized> i18n(Object value) {
        Map<String, Localized> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        map(value, "spec.i18n").forEach((locale, translation) -> {
            Map<String, Object> t = map(translation, "spec.i18n." + locale);
            out.put(locale, new Localized(string(t.get("title")), string(t.get("description"))));
        });
        return out;
    }

    private static Map<String, DefaultSpec> defaults(Object value) {
        Map<String, DefaultSpec> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        map(value, "spec.defaults").forEach((name, entry) -> {
            requireInputName(name, "spec.defaults");
            Map<String, Object> d = map(entry, "spec.defaults." + name);
            out.put(name, new DefaultSpec(name, string(d.get("type")), string(d.get("value"))));
        });
        return out;
    }

    private static Map<String, InputSpec> inputs(Object value) {
        Map<String, InputSpec> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        map(value, "spec.inputs").forEach((name, entry) -> {
            requireInputName(name, "spec.inputs");
            String where = "spec.inputs." + name;
            Map<String, Object> i = map(entry, where);
            InputType type;
            try {
                type = InputType.parse(string(i.get("type")));
            } catch (IllegalArgumentException e) {
                throw new TemplateFormatException(where + ": " + e.getMessage());
            }
            List<String> options = strings(i.get("options"), where + ".options");
            if (type == InputType.CHOICE && options.isEmpty()) {
                throw new TemplateFormatException(where + ": a choice needs options");
            }
            Object required = i.get("required");
            out.put(
                    name,
                    new InputSpec(
                            name,
                            string(i.get("description")),
                            type,
                            string(i.get("default")),
                            Boolean.TRUE.equals(required) || "true".equals(string(required)),
                            options,
                            string(i.get("if"))));
        });
        return out;
    }

    private static void requireInputName(String name, String where) {
        if (!INPUT_NAME.matcher(name).matches()) {
            throw new TemplateFormatException(where + ": '" + name + "' is not a valid name");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new TemplateFormatException(what + " must be a mapping");
    }

    private static List<String> strings(Object value, String what) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new TemplateFormatException(what + " must be a list");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            out.add(string(item));
        }
        return out;
    }

    private static String string(Object value) {
        return value == null ? null : ExpressionEngine.text(value);
    }
}
