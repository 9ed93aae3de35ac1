package io.sealcloud.appstore.domain.template;

import java.util.Map;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.internal.introspection.Uberspect;
import org.apache.commons.jexl3.introspection.JexlPermissions;
import org.apache.commons.jexl3.introspection.JexlSandbox;
import org.apache.commons.jexl3.introspection.JexlUberspect;
import org.apache.commons.logging.LogFactory;

/**
 * Evaluates template expressions with Apache Commons JEXL, locked down for untrusted partner templates.
 *
 * <p>What an expression can do: read variables ({@code defaults}, {@code inputs}, {@code SEALOS_*}), compare
 * ({@code ===}, {@code !==}, {@code ==}, …), combine ({@code &&}, {@code ||}, {@code !}, {@code ? :}, {@code +}), call
 * {@code random(n)} and {@code base64(x)}, and call methods of strings. What it cannot: scripts, loops, assignments,
 * lambdas, {@code new}, pragmas, annotations, or any other Java class (the sandbox allows exactly {@code String},
 * {@code Map} reads and {@link TemplateFunctions}; everything else is denied before any reflection happens). How much
 * it may cost: at most {@link TemplateLimits#maxSteps()} method calls and {@code +} operations, and no value longer
 * than {@link TemplateLimits#maxValueChars()} ({@link BoundedUberspect}, {@link JsArithmetic}); past that it fails with
 * a {@link TemplateLimitException}.
 */
public final class ExpressionEngine {

    private static final JexlEngine JEXL = new JexlBuilder()
            .features(new JexlFeatures()
                    .script(false)
                    .loops(false)
                    .sideEffect(false)
                    .sideEffectGlobal(false)
                    .newInstance(false)
                    .lambda(false)
                    .thinArrow(false)
                    .fatArrow(false)
                    .localVar(false)
                    .pragma(false)
                    .importPragma(false)
                    .namespacePragma(false)
                    .annotation(false)
                    .register(false))
            // Every method call counted and its result bounded (TemplateLimits); the sandbox, outside it, decides what
            // may be called at all.
            .uberspect(new BoundedUberspect(new Uberspect(
                    LogFactory.getLog(ExpressionEngine.class),
                    JexlUberspect.JEXL_STRATEGY,
                    JexlPermissions.RESTRICTED.compose(TemplateFunctions.class.getPackageName() + ".*"))))
            .sandbox(sandbox())
            .arithmetic(new JsArithmetic())
            // Strict about names (an unknown variable or function is an error: catches typos at import), lenient about
            // values like JavaScript (a missing input or property of a map is a missing value, rendered as '').
            .strict(true)
            .safe(true)
            .silent(false)
            // `a || 'x'` yields a value, not a boolean, as in JavaScript.
            .booleanLogical(false)
            .antish(false)
            .cache(1024)
            .create();

    private ExpressionEngine() {}

    private static JexlSandbox sandbox() {
        // Deny by default, with inheritance: the allowed types cover their implementations (any Map, …).
        JexlSandbox sandbox = new JexlSandbox(false, true);
        // permissions(class, read, write, execute): a false flag denies every name of that kind; a true flag followed
        // by a list of names allows exactly those (measured with JEXL 3.5: `true` alone would allow getClass()).
        sandbox.permissions(String.class.getName(), false, false, true)
                .execute(
                        "length",
                        "toUpperCase",
                        "toLowerCase",
                        "trim",
                        "startsWith",
                        "endsWith",
                        "contains",
                        "indexOf",
                        "lastIndexOf",
                        "substring",
                        "replace",
                        "charAt",
                        "isEmpty",
                        "concat");
        sandbox.permissions(Map.class.getName(), true, false, false);
        sandbox.permissions(TemplateFunctions.class.getName(), false, false, true)
                .execute("random", "base64");
        return sandbox;
    }

    /** Evaluates one expression (its source without the {@code ${{ }}} delimiters). */
    public static Object evaluate(String source, Scope scope) {
        JexlExpression expression;
        try {
            expression = JEXL.createExpression(source);
        } catch (JexlException e) {
            throw new TemplateFormatException("invalid expression '" + source + "': " + reason(e), 0, e);
        }
        try {
            return scope.budget.evaluating(() -> expression.evaluate(scope));
        } catch (JexlException | IllegalArgumentException | ArithmeticException e) {
            TemplateLimitException limit = limit(e);
            if (limit != null) {
                throw new TemplateLimitException("expression '" + abbreviated(source) + "' " + limit.getMessage());
            }
            throw new TemplateFormatException("expression '" + source + "' failed: " + reason(e), 0, e);
        }
    }

    private static TemplateLimitException limit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TemplateLimitException limit) {
                return limit;
            }
        }
        return null;
    }

    private static String abbreviated(String source) {
        return source.length() <= 120 ? source : source.substring(0, 117) + "...";
    }

    /** Evaluates text with embedded expressions into a string (every expression rendered as JavaScript would). */
    public static String interpolate(String text, Scope scope) {
        if (!Expressions.contains(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (Expressions.Segment segment : Expressions.split(text)) {
            out.append(segment.expression() ? JsArithmetic.text(evaluate(segment.text(), scope)) : segment.text());
        }
        return out.toString();
    }

    /** JavaScript truthiness of a value. */
    public static boolean truthy(Object value) {
        return JsArithmetic.truthy(value);
    }

    /** JavaScript string form of a value ({@code null} → ''). */
    public static String text(Object value) {
        return JsArithmetic.text(value);
    }

    private static String reason(Throwable e) {
        Throwable cause = e instanceof JexlException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        if (cause instanceof JexlException jexl) {
            // JEXL messages start with the Java location of the node; keep only the explanation.
            message = jexl.getMessage();
            message = message.substring(message.indexOf(' ') + 1);
        }
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    /** The variables an expression sees and the functions it may call. */
    public static final class Scope implements JexlContext, JexlContext.NamespaceResolver {

        private final Map<String, Object> variables;
        private final TemplateFunctions functions;
        final RenderBudget budget;

        public Scope(Map<String, Object> variables, TemplateFunctions functions) {
            this(variables, functions, TemplateLimits.DEFAULTS);
        }

        public Scope(Map<String, Object> variables, TemplateFunctions functions, TemplateLimits limits) {
            this.variables = variables;
            this.functions = functions;
            this.budget = new RenderBudget(limits);
        }

        @Override
        public Object get(String name) {
            return variables.get(name);
        }

        @Override
        public void set(String name, Object value) {
            throw new UnsupportedOperationException("template expressions cannot assign");
        }

        @Override
        public boolean has(String name) {
            return variables.containsKey(name);
        }

        @Override
        public Object resolveNamespace(String name) {
            // Only the default namespace exists: random(n), base64(x).
            return name == null || name.isEmpty() ? functions : null;
        }
    }
}
