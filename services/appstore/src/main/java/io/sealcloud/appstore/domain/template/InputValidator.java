package io.sealcloud.appstore.domain.template;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks an API caller's inputs against a template version <em>before</em> anything is rendered or applied — what
 * Sealos only does in its web form: types, choices, {@code required}, {@code if} visibility, unknown names.
 *
 * <p>Rules: a name the template does not declare is rejected; a value must fit the input's type (a {@code string} is
 * a JSON string; a {@code number} a JSON number or numeric string; a {@code boolean} true/false or "true"/"false"; a
 * {@code choice} one of its options); an input whose {@code if} is false under the resulting values is hidden, and
 * supplying it is rejected; a visible {@code required} input must end up non-empty (a declared default counts).
 */
public final class InputValidator {

    static final int MAX_VALUE_LENGTH = 64 * 1024;
    private static final Pattern NUMBER = Pattern.compile("^-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$");

    private InputValidator() {}

    /**
     * Validates {@code supplied} (JSON values by input name) and resolves every input of the render.
     *
     * @return the value of every declared input (supplied or default), as the template sees them
     * @throws InvalidInputsException with one violation per bad input, in declaration order
     */
    public static Map<String, String> validate(TemplateSpec spec, Map<String, Object> supplied, Rendering rendering) {
        List<InputViolation> violations = new ArrayList<>();
        Map<String, String> normalized = new LinkedHashMap<>();
        supplied.keySet().stream()
                .filter(name -> !spec.inputs().containsKey(name))
                .sorted()
                .forEach(name -> violations.add(InputViolation.at(
                        name,
                        spec.inputs().isEmpty()
                                ? "unknown input: this template takes no inputs"
                                : "unknown input: this template takes "
                                        + String.join(", ", spec.inputs().keySet()))));
        for (InputSpec input : spec.inputs().values()) {
            if (supplied.containsKey(input.name())) {
                String problem = normalize(input, supplied.get(input.name()), normalized);
                if (problem != null) {
                    violations.add(InputViolation.at(input.name(), problem));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputsException(violations);
        }
        Map<String, String> values = rendering.resolveInputs(normalized);
        for (InputSpec input : spec.inputs().values()) {
            boolean visible = rendering.visible(input);
            if (!visible && supplied.containsKey(input.name())) {
                violations.add(InputViolation.at(
                        input.name(),
                        "is hidden (shown only when " + input.visibleIf().trim() + "); leave it out"));
            } else if (visible && input.required() && values.get(input.name()).isBlank()) {
                violations.add(InputViolation.at(input.name(), "is required"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputsException(violations);
        }
        return values;
    }

    /** Puts the string form of {@code value} into {@code out}, or returns why it does not fit. */
    private static String normalize(InputSpec input, Object value, Map<String, String> out) {
        if (value == null) {
            return "must not be null (leave the input out to use its default)";
        }
        String text;
        switch (input.type()) {
            case STRING -> {
                if (!(value instanceof String s)) {
                    return "must be a string";
                }
                text = s;
            }
            case NUMBER -> {
                if (value instanceof Number n) {
                    text = ExpressionEngine.text(n instanceof BigDecimal ? n : new BigDecimal(n.toString()));
                } else if (value instanceof String s && NUMBER.matcher(s.trim()).matches()) {
                    text = s.trim();
                } else {
                    return "must be a number";
                }
            }
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    text = b.toString();
                } else if ("true".equals(value) || "false".equals(value)) {
                    text = (String) value;
                } else {
                    return "must be true or false";
                }
            }
            default -> {
                text = value instanceof String || value instanceof Number || value instanceof Boolean
                        ? ExpressionEngine.text(value)
                        : null;
                if (text == null || !input.options().contains(text)) {
                    return "must be one of " + String.join(", ", input.options());
                }
            }
        }
        if (text.length() > MAX_VALUE_LENGTH) {
            return "must be at most " + MAX_VALUE_LENGTH + " characters";
        }
        out.put(input.name(), text);
        return null;
    }
}
