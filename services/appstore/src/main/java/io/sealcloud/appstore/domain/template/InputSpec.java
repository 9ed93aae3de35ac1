package io.sealcloud.appstore.domain.template;

import java.util.List;

/**
 * One declared input of a template.
 *
 * @param defaultValue the raw default, which may contain {@code ${{ }}} expressions ({@code null}: none)
 * @param visibleIf the raw {@code if} expression ({@code null}: always visible)
 */
public record InputSpec(
        String name,
        String description,
        InputType type,
        String defaultValue,
        boolean required,
        List<String> options,
        String visibleIf) {

    public InputSpec {
        options = options == null ? List.of() : List.copyOf(options);
    }

    public boolean conditional() {
        return visibleIf != null && !visibleIf.isBlank();
    }
}
