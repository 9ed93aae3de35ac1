package io.sealcloud.appstore.domain.template;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One render of one template: defaults first, then inputs, then the manifests, all from one seeded stream of
 * {@code random()} values, so the same template + inputs + seed gives the same objects. Not thread-safe; cheap.
 *
 * <p>Order of evaluation (it is what makes renders reproducible): {@code spec.defaults} in declaration order (each may
 * use the platform variables and earlier defaults), then {@code spec.inputs} in declaration order (a supplied value
 * as is, otherwise the declared default evaluated with the defaults and earlier inputs), then the {@code if}
 * directives and expressions of the manifests top to bottom.
 */
public final class Rendering {

    /**
     * The platform variable holding the first label of the app's own host ({@code <app>-<workspace>}). Sealos
     * templates name their Ingress hosts with random defaults: {@code defaults.app_host} takes this value, and another
     * random {@code defaults.<x>_host} (netbird's {@code grpc_host}) takes {@code <x>-<app>-<workspace>}, so that they
     * stay within the hosts the tenant policy lets an app answer for (TrafficRules).
     */
    public static final String APP_HOST = "SEALCLOUD_APP_HOST";

    /** The Sealos default that names an app's Ingress host. */
    static final String APP_HOST_DEFAULT = "app_host";

    private static final java.util.regex.Pattern OTHER_HOST_DEFAULT =
            java.util.regex.Pattern.compile("^([a-z0-9]+(?:_[a-z0-9]+)*)_host$");

    private final TemplateSpec spec;
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private final Map<String, String> inputs = new LinkedHashMap<>();
    private final ExpressionEngine.Scope scope;
    private boolean inputsResolved;

    private Rendering(TemplateSpec spec, Map<String, String> platform, String seed, TemplateLimits limits) {
        this.spec = spec;
        Map<String, Object> variables = new HashMap<>(platform);
        variables.put("defaults", Collections.unmodifiableMap(defaults));
        variables.put("inputs", Collections.unmodifiableMap(inputs));
        this.scope = new ExpressionEngine.Scope(variables, new TemplateFunctions(seed), limits);
    }

    /**
     * Starts a render and evaluates the template's defaults.
     *
     * @param platform the platform variables ({@code SEALOS_NAMESPACE}, {@code SEALOS_CLOUD_DOMAIN}, …)
     * @param seed the install's secret seed (determines every {@code random()})
     */
    public static Rendering start(TemplateSpec spec, Map<String, String> platform, String seed) {
        return start(spec, platform, seed, TemplateLimits.DEFAULTS);
    }

    /**
     * Starts a render within {@code limits}.
     *
     * @throws TemplateLimitException when a default costs more than the limits allow (also from the later steps)
     */
    public static Rendering start(TemplateSpec spec, Map<String, String> platform, String seed, TemplateLimits limits) {
        Rendering rendering = new Rendering(spec, platform, seed, limits);
        for (DefaultSpec d : spec.defaults().values()) {
            // Evaluated even when replaced: its random() calls keep every later value what it was before.
            String value = d.value() == null ? "" : rendering.interpolate(d.value(), "spec.defaults." + d.name());
            if (platform.containsKey(APP_HOST)) {
                value = hostDefault(d, value, platform.get(APP_HOST));
            }
            rendering.defaults.put(d.name(), value);
        }
        return rendering;
    }

    /** The value of a default that names a host: within the app's own ({@link #APP_HOST}); others unchanged. */
    private static String hostDefault(DefaultSpec d, String value, String appHost) {
        if (d.name().equals(APP_HOST_DEFAULT)) {
            return appHost;
        }
        var other = OTHER_HOST_DEFAULT.matcher(d.name());
        // Only generated names that are one DNS label: a default like db_host ("mysql.ns.svc") is a service address.
        if (other.matches()
                && d.value() != null
                && d.value().contains("random(")
                && value.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")) {
            return other.group(1).replace('_', '-') + "-" + appHost;
        }
        return value;
    }

    /**
     * Fixes the input values: the supplied ones (already validated, as strings) and the declared defaults for the
     * rest. Names the template does not declare are ignored here (validation rejects them).
     */
    public Map<String, String> resolveInputs(Map<String, String> supplied) {
        if (inputsResolved) {
            throw new IllegalStateException("inputs are already resolved");
        }
        inputsResolved = true;
        for (InputSpec input : spec.inputs().values()) {
            String value = supplied.get(input.name());
            if (value == null) {
                value = input.defaultValue() == null
                        ? ""
                        : interpolate(input.defaultValue(), "spec.inputs." + input.name() + ".default");
            }
            inputs.put(input.name(), value);
        }
        return Collections.unmodifiableMap(inputs);
    }

    /** Whether an input is shown under the current values (its {@code if}, when it has one). */
    public boolean visible(InputSpec input) {
        if (!input.conditional()) {
            return true;
        }
        try {
            return ExpressionEngine.truthy(ExpressionEngine.evaluate(input.visibleIf(), scope));
        } catch (TemplateFormatException e) {
            throw e.located("spec.inputs." + input.name() + ".if: " + e.getMessage(), 0);
        }
    }

    /** Renders the manifests (resolving inputs from their defaults if that has not happened). */
    @SuppressWarnings("unchecked")
    public RenderedTemplate render() {
        if (!inputsResolved) {
            resolveInputs(Map.of());
        }
        String text = Directives.apply(
                spec.body(),
                spec.bodyLine(),
                condition -> ExpressionEngine.truthy(ExpressionEngine.evaluate(condition, scope)));
        // The rendered size: the manifests' text plus what every expression in them adds.
        scope.budget.rendered(text.length());
        List<Object> documents = ManifestYaml.parseAll(text, spec.bodyLine(), source -> {
            String value = ExpressionEngine.text(ExpressionEngine.evaluate(source, scope));
            scope.budget.rendered(value.length());
            return value;
        });
        List<Map<String, Object>> objects = new java.util.ArrayList<>(documents.size());
        for (Object document : documents) {
            if (!(document instanceof Map<?, ?> map)) {
                throw new TemplateFormatException("every manifest must be a mapping, found "
                        + document.getClass().getSimpleName());
            }
            objects.add((Map<String, Object>) map);
        }
        return new RenderedTemplate(
                spec.name(), Map.copyOf(defaults), Collections.unmodifiableMap(new LinkedHashMap<>(inputs)), objects);
    }

    private String interpolate(String text, String where) {
        try {
            return ExpressionEngine.interpolate(text, scope);
        } catch (TemplateFormatException e) {
            throw e.located(where + ": " + e.getMessage(), 0);
        }
    }
}
