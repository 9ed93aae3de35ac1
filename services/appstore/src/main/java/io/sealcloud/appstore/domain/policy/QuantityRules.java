package io.sealcloud.appstore.domain.policy;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resource amounts of pods and volume claims must be Kubernetes quantities ({@code 500m}, {@code 64Mi}, {@code 1Gi},
 * {@code 2}): the quota check adds them up before anything is applied, and a malformed one ({@code 64Mo}, an input
 * typed {@code lots}) is the template's or the user's mistake, to be named, not a server error. Negative amounts and
 * exponents beyond two digits (a {@code 1e999999999} would take the quota arithmetic minutes) are refused too.
 */
final class QuantityRules {

    /** Kubernetes' quantity grammar, non-negative, with at most a two-digit decimal exponent. */
    static final Pattern QUANTITY = Pattern.compile(
            "^\\+?(\\d{1,30}(\\.\\d{0,30})?|\\.\\d{1,30})(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\\d{1,2})?$");

    private QuantityRules() {}

    /** The first malformed amount of the object ({@code field 'value' …}), or null. */
    static String refusal(GroupKind groupKind, Map<String, Object> object) {
        return switch (groupKind.kind()) {
            case "Deployment", "StatefulSet", "ReplicaSet" -> {
                String pods = podSpec(TenantPolicy.path(object, "spec", "template", "spec"), "spec.template.spec");
                yield pods != null ? pods : claimTemplates(object);
            }
            case "Job" -> podSpec(TenantPolicy.path(object, "spec", "template", "spec"), "spec.template.spec");
            case "CronJob" ->
                podSpec(
                        TenantPolicy.path(object, "spec", "jobTemplate", "spec", "template", "spec"),
                        "spec.jobTemplate.spec.template.spec");
            case "Pod" -> podSpec(object.get("spec"), "spec");
            case "PersistentVolumeClaim" -> amounts(TenantPolicy.path(object, "spec", "resources"), "spec.resources");
            default -> null;
        };
    }

    private static String claimTemplates(Map<String, Object> object) {
        if (TenantPolicy.path(object, "spec", "volumeClaimTemplates") instanceof List<?> claims) {
            for (int i = 0; i < claims.size(); i++) {
                if (claims.get(i) instanceof Map<?, ?> claim) {
                    String refusal = amounts(
                            path(claim, "spec", "resources"), "spec.volumeClaimTemplates[" + i + "].spec.resources");
                    if (refusal != null) {
                        return refusal;
                    }
                }
            }
        }
        return null;
    }

    private static String podSpec(Object spec, String at) {
        if (!(spec instanceof Map<?, ?> pod)) {
            return null;
        }
        for (String list : List.of("initContainers", "containers")) {
            if (pod.get(list) instanceof List<?> containers) {
                for (int i = 0; i < containers.size(); i++) {
                    if (containers.get(i) instanceof Map<?, ?> container) {
                        String refusal = amounts(container.get("resources"), at + "." + list + "[" + i + "].resources");
                        if (refusal != null) {
                            return refusal;
                        }
                    }
                }
            }
        }
        return null;
    }

    private static String amounts(Object resources, String at) {
        if (!(resources instanceof Map<?, ?> map)) {
            return null;
        }
        for (String kind : List.of("requests", "limits")) {
            if (map.get(kind) instanceof Map<?, ?> amounts) {
                for (Map.Entry<?, ?> amount : amounts.entrySet()) {
                    if (!valid(amount.getValue())) {
                        return "has " + at + "." + kind + "." + amount.getKey() + " '" + amount.getValue()
                                + "', which is not a Kubernetes quantity (such as 500m, 64Mi, 1Gi or 2)";
                    }
                }
            }
        }
        return null;
    }

    static boolean valid(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue() >= 0;
        }
        if (value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d)
                    && d >= 0
                    && QUANTITY.matcher(value.toString()).matches();
        }
        return value instanceof String s && QUANTITY.matcher(s).matches();
    }

    private static Object path(Map<?, ?> object, String... keys) {
        Object current = object;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }
}
