package io.sealcloud.appstore.domain.template;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a render: the values used and the Kubernetes objects (as JSON-like maps, in template order), before
 * tenant policy is applied.
 */
public record RenderedTemplate(
        String template, Map<String, String> defaults, Map<String, String> inputs, List<Map<String, Object>> objects) {}
