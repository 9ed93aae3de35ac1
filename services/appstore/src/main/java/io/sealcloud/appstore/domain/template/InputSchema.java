package io.sealcloud.appstore.domain.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (2020-12) of a template version's inputs, for clients that build forms or validate early. The server
 * validates with {@link InputValidator} in any case; what a schema cannot say ({@code if} visibility, defaults that
 * are expressions) is carried in {@code x-sealcloud-*} annotations.
 */
public final class InputSchema {

    private InputSchema() {}

    public static Map<String, Object> of(TemplateSpec spec) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (InputSpec input : spec.inputs().values()) {
            Map<String, Object> property = new LinkedHashMap<>();
            if (input.description() != null) {
                property.put("description", input.description());
            }
            switch (input.type()) {
                case STRING -> property.put("type", "string");
                case NUMBER -> {
                    property.put("type", List.of("number", "string"));
                    property.put("pattern", "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?$");
                }
                case BOOLEAN -> {
                    property.put("type", List.of("boolean", "string"));
                    property.put("enum", List.of(true, false, "true", "false"));
                }
                case CHOICE -> {
                    property.put("type", "string");
                    property.put("enum", input.options());
                }
            }
            if (input.type() == InputType.STRING) {
                property.put("maxLength", InputValidator.MAX_VALUE_LENGTH);
            }
            String defaultValue = input.defaultValue();
            boolean hasDefault = defaultValue != null && !defaultValue.isBlank();
            if (defaultValue != null && Expressions.contains(defaultValue)) {
                property.put("x-sealcloud-default-expression", defaultValue);
            } else if (defaultValue != null) {
                property.put("default", defaultValue);
            }
            property.put("x-sealcloud-type", input.type().wireName());
            if (input.required()) {
                property.put("x-sealcloud-required", true);
            }
            if (input.conditional()) {
                property.put("x-sealcloud-visible-if", input.visibleIf().trim());
            }
            properties.put(input.name(), property);
            // JSON Schema's `required` means "must be present": only inputs that are always shown and have no default.
            if (input.required() && !input.conditional() && !hasDefault) {
                required.add(input.name());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", spec.title() + " inputs");
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }
}
