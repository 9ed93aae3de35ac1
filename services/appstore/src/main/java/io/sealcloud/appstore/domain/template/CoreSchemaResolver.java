package io.sealcloud.appstore.domain.template;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML 1.2 core schema tag resolution (what js-yaml, and so the Sealos tooling, uses): only true/false are booleans,
 * so {@code on}, {@code yes}, {@code n} stay strings and no timestamps or sexagesimal numbers appear.
 */
final class CoreSchemaResolver extends Resolver {

    static final Pattern CORE_BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
    static final Pattern CORE_INT = Pattern.compile("^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$");
    static final Pattern CORE_FLOAT = Pattern.compile(
            "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
    static final Pattern CORE_NULL = Pattern.compile("^(?:~|null|Null|NULL)$");

    @Override
    protected void addImplicitResolvers() {
        addImplicitResolver(Tag.BOOL, CORE_BOOL, "tTfF");
        addImplicitResolver(Tag.INT, CORE_INT, "-+0123456789");
        addImplicitResolver(Tag.FLOAT, CORE_FLOAT, "-+0123456789.");
        addImplicitResolver(Tag.MERGE, MERGE, "<");
        addImplicitResolver(Tag.NULL, CORE_NULL, "~nN\0");
        addImplicitResolver(Tag.NULL, EMPTY, null);
    }
}
