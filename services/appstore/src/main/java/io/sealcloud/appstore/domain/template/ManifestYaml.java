package io.sealcloud.appstore.domain.template;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Parses template YAML with expressions substituted <em>per scalar</em>, not per text.
 *
 * <p>Sealos substitutes expression results into the text and parses afterwards, so an input value with a newline,
 * {@code ": "} or {@code "---"} can inject keys or whole objects. Here every {@code ${{ … }}} is first replaced by an
 * inert placeholder, the YAML is parsed, and each placeholder is then evaluated inside the scalar (or key) it sits in:
 * a value can only ever become the content of that one scalar. Where the template wrote a plain (unquoted) scalar,
 * the substituted text is typed as YAML would type it ({@code replicas: ${{ inputs.n }}} → a number), which is what
 * text substitution gives for well-behaved values; quoted and block scalars stay strings.
 */
public final class ManifestYaml {

    private static final char OPEN = '\u27E6';
    private static final char CLOSE = '\u27E7';

    private ManifestYaml() {}

    /**
     * Parses every document of {@code text}; empty documents are skipped.
     *
     * @param firstLine the file line where {@code text} starts (messages name file lines)
     * @param evaluate evaluates one expression's source to its string value
     */
    public static List<Object> parseAll(String text, int firstLine, Function<String, String> evaluate) {
        Masked masked = mask(text, firstLine);
        List<Object> documents = new ArrayList<>();
        try {
            for (Node node : yaml().composeAll(new StringReader(masked.text))) {
                if (node != null) {
                    Object value = new Converter(masked.expressions, evaluate, firstLine).convert(node);
                    if (value != null) {
                        documents.add(value);
                    }
                }
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + firstLine;
            throw new TemplateFormatException("invalid YAML: " + unmask(e.getProblem(), masked), line, e);
        } catch (YAMLException e) {
            throw new TemplateFormatException("invalid YAML: " + unmask(e.getMessage(), masked), 0, e);
        }
        return documents;
    }

    /** Parses one document, leaving every expression as written ({@code ${{ … }}}): for the Template document. */
    public static Object parseRaw(String text, int firstLine) {
        List<Object> documents =
                parseAll(text, firstLine, source -> Expressions.OPEN + " " + source + " " + Expressions.CLOSE);
        if (documents.size() != 1) {
            throw new TemplateFormatException("expected one YAML document, found " + documents.size(), firstLine);
        }
        return documents.get(0);
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50); // alias bombs
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(64);
        options.setCodePointLimit(2 * 1024 * 1024);
        options.setMergeOnCompose(true);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(
                new SafeConstructor(options), new Representer(dumper), dumper, options, new CoreSchemaResolver());
    }

    private record Masked(String text, List<String> expressions) {}

    private static Masked mask(String text, int firstLine) {
        if (text.indexOf(OPEN) >= 0 || text.indexOf(CLOSE) >= 0) {
            throw new TemplateFormatException("the characters U+27E6 and U+27E7 are reserved", firstLine);
        }
        if (!Expressions.contains(text)) {
            return new Masked(text, List.of());
        }
        List<String> expressions = new ArrayList<>();
        StringBuilder out = new StringBuilder(text.length());
        for (Expressions.Segment segment : Expressions.split(text)) {
            if (segment.expression()) {
                out.append(OPEN).append(expressions.size()).append(CLOSE);
                expressions.add(segment.text());
            } else {
                out.append(segment.text());
            }
        }
        return new Masked(out.toString(), expressions);
    }

    private static String unmask(String message, Masked masked) {
        if (message == null || message.indexOf(OPEN) < 0) {
            return message;
        }
        return substitute(message, masked.expressions, source -> "${{ " + source + " }}");
    }

    private static String substitute(String text, List<String> expressions, Function<String, String> evaluate) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (true) {
            int open = text.indexOf(OPEN, from);
            if (open < 0) {
                return out.append(text, from, text.length()).toString();
            }
            int close = text.indexOf(CLOSE, open);
            out.append(text, from, open);
            out.append(evaluate.apply(expressions.get(Integer.parseInt(text.substring(open + 1, close)))));
            from = close + 1;
        }
    }

    /** Turns composed nodes into maps, lists and scalars, evaluating placeholders. */
    private static final class Converter {

        private static final CoreSchemaResolver RESOLVER = new CoreSchemaResolver();

        private final List<String> expressions;
        private final Function<String, String> evaluate;
        private final int firstLine;

        Converter(List<String> expressions, Function<String, String> evaluate, int firstLine) {
            this.expressions = expressions;
            this.evaluate = evaluate;
            this.firstLine = firstLine;
        }

        Object convert(Node node) {
            if (node instanceof MappingNode mapping) {
                Map<String, Object> map = new LinkedHashMap<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    Object key = convert(tuple.getKeyNode());
                    String name = key == null ? "null" : ExpressionEngine.text(key);
                    if (map.containsKey(name)) {
                        throw new TemplateFormatException("duplicate key '" + name + "'", line(tuple.getKeyNode()));
                    }
                    map.put(name, convert(tuple.getValueNode()));
                }
                return map;
            }
            if (node instanceof SequenceNode sequence) {
                List<Object> list = new ArrayList<>(sequence.getValue().size());
                for (Node item : sequence.getValue()) {
                    list.add(convert(item));
                }
                return list;
            }
            ScalarNode scalar = (ScalarNode) node;
            String raw = scalar.getValue();
            if (raw.indexOf(OPEN) < 0) {
                return typed(scalar.getTag(), raw);
            }
            String value;
            try {
                value = substitute(raw, expressions, evaluate);
            } catch (TemplateFormatException e) {
                throw e.located(e.getMessage(), line(node));
            }
            if (scalar.isPlain() && Tag.STR.equals(scalar.getTag())) {
                return typed(RESOLVER.resolve(NodeId.scalar, value, true), value);
            }
            return typed(scalar.getTag(), value);
        }

        private int line(Node node) {
            return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + firstLine;
        }

        private static Object typed(Tag tag, String value) {
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            if (Tag.BOOL.equals(tag)) {
                return Boolean.valueOf(value.toLowerCase(Locale.ROOT));
            }
            if (Tag.INT.equals(tag)) {
                return integer(value);
            }
            if (Tag.FLOAT.equals(tag)) {
                return floating(value);
            }
            return value;
        }

        private static Object integer(String value) {
            String digits = value.replace("_", "");
            int sign = 1;
            if (digits.startsWith("-") || digits.startsWith("+")) {
                sign = digits.startsWith("-") ? -1 : 1;
                digits = digits.substring(1);
            }
            BigInteger number;
            if (digits.startsWith("0x")) {
                number = new BigInteger(digits.substring(2), 16);
            } else if (digits.startsWith("0o")) {
                number = new BigInteger(digits.substring(2), 8);
            } else {
                number = new BigInteger(digits);
            }
            if (sign < 0) {
                number = number.negate();
            }
            return number.bitLength() < 64 ? (Object) number.longValue() : number;
        }

        private static Object floating(String value) {
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".inf")) {
                return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (lower.equals(".nan")) {
                return Double.NaN;
            }
            return Double.valueOf(value);
        }
    }
}
