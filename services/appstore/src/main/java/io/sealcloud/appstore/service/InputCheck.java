package io.sealcloud.appstore.service;

import io.sealcloud.appstore.config.AppstoreConfig;
import io.sealcloud.appstore.domain.policy.TenantPolicy;
import io.sealcloud.appstore.domain.template.Expressions;
import io.sealcloud.appstore.domain.template.InputSpec;
import io.sealcloud.appstore.domain.template.InputValidator;
import io.sealcloud.appstore.domain.template.Rendering;
import io.sealcloud.appstore.domain.template.TemplateSpec;
import io.sealcloud.platform.tenancy.WorkspaceRole;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates inputs and dry-runs the pipeline an install runs (validate → render → tenant policy) without applying
 * anything: for forms and API clients that want errors before they install.
 */
@ApplicationScoped
public class InputCheck {

    /** The outcome: every input's value (null where the default is computed per install), and the placed objects. */
    public record Outcome(Map<String, String> inputs, List<Map<String, Object>> objects, List<String> links) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AppstoreConfig config;
    private final TenantPolicy policy;

    public InputCheck(AppstoreConfig config, TenantPolicy policy) {
        this.config = config;
        this.policy = policy;
    }

    /**
     * @throws io.sealcloud.appstore.domain.template.InvalidInputsException bad inputs, one violation per input
     * @throws io.sealcloud.appstore.domain.policy.TenantPolicyException the inputs make the template escape
     */
    public Outcome check(TemplateSpec spec, Map<String, Object> supplied, String workspaceId) {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        Rendering rendering = Rendering.start(
                spec,
                PlatformVariables.of(config.platform(), workspaceId, spec.name()),
                Base64.getUrlEncoder().withoutPadding().encodeToString(seed),
                config.rendering().limits());
        Map<String, String> values = InputValidator.validate(spec, supplied, rendering);
        var placed = policy.place(
                rendering.render().objects(),
                new TenantPolicy.Placement(
                        workspaceId,
                        PlatformVariables.namespaceOf(workspaceId),
                        spec.name(),
                        null,
                        WorkspaceRole.OWNER));
        // Supplied and literal values are shown; a default computed by an expression (random names, hosts) would be
        // this dry run's only, not the install's: null.
        Map<String, String> shown = new LinkedHashMap<>();
        for (InputSpec input : spec.inputs().values()) {
            boolean generated = !supplied.containsKey(input.name()) && Expressions.contains(input.defaultValue());
            shown.put(input.name(), generated ? null : values.get(input.name()));
        }
        return new Outcome(shown, placed.objects(), placed.links());
    }
}
