package io.sealcloud.appstore.domain.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Confines the rules of a template's Role to what an app may do inside its workspace.
 *
 * <p>Why: a Role that grants {@code *} in the workspace namespace lets any pod running as the bound ServiceAccount — and
 * any member who can exec into that pod — edit the workspace's ResourceQuota, LimitRange, NetworkPolicy and
 * RoleBindings, which the platform owns (quota is what billing and fairness rest on). Sealos' own templates bind such
 * Roles to their database ServiceAccounts. So: explicit rules on anything outside {@link #SAFE} or with verbs outside
 * {@link #VERBS} ({@code escalate}, {@code bind}, {@code impersonate}, …) are refused; wildcard rules are <em>narrowed</em>
 * to the safe set, which keeps those templates working (their pods need pods, events, secrets, … of their own
 * namespace) without the platform's objects. The appstore controller holds every permission of the safe set, so the
 * API server lets it create such Roles and bind them without the {@code escalate} and {@code bind} verbs.
 */
final class RoleRules {

    /** The resources, by API group, a Role of an app may grant (subresources spelled out). */
    static final Map<String, Set<String>> SAFE = safe();

    /** The verbs a Role of an app may grant. */
    static final Set<String> VERBS =
            Set.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");

    private static final List<String> VERB_ORDER =
            List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");

    private RoleRules() {}

    /** Narrowed rules, or the reason the Role is refused. */
    record Outcome(List<Map<String, Object>> rules, String refusal) {}

    static Outcome confine(Object rulesValue) {
        if (rulesValue == null) {
            return new Outcome(List.of(), null);
        }
        if (!(rulesValue instanceof List<?> list)) {
            return new Outcome(null, "has rules that are not a list");
        }
        List<Map<String, Object>> confined = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> rule)) {
                return new Outcome(null, "has a rule that is not an object");
            }
            if (rule.get("nonResourceURLs") != null) {
                return new Outcome(null, "grants nonResourceURLs, which only cluster roles can");
            }
            Set<String> groups = strings(rule.get("apiGroups"));
            Set<String> resources = strings(rule.get("resources"));
            Set<String> verbs = strings(rule.get("verbs"));
            if (groups == null || resources == null || verbs == null) {
                return new Outcome(null, "has a rule whose apiGroups, resources or verbs are not lists of strings");
            }
            Set<String> grantedVerbs = new LinkedHashSet<>();
            for (String verb : verbs) {
                if (verb.equals("*")) {
                    grantedVerbs.addAll(VERB_ORDER);
                } else if (VERBS.contains(verb)) {
                    grantedVerbs.add(verb);
                } else {
                    return new Outcome(
                            null, "grants the verb '" + verb + "'; an app's Role may grant only " + VERB_ORDER);
                }
            }
            Set<String> targetGroups = groups.contains("*") ? SAFE.keySet() : groups;
            for (String group : targetGroups) {
                Set<String> safe = SAFE.get(group);
                if (safe == null) {
                    return new Outcome(null, "grants access to API group '" + group + "', which apps may not manage");
                }
                Set<String> granted = new TreeSet<>();
                for (String resource : resources) {
                    if (resource.equals("*")) {
                        granted.addAll(safe);
                    } else if (safe.contains(resource)) {
                        granted.add(resource);
                    } else if (!groups.contains("*")) {
                        return new Outcome(
                                null,
                                "grants access to '" + resource + (group.isEmpty() ? "" : "." + group)
                                        + "', which the platform manages (quota, limits, network policy, RBAC, tokens)");
                    }
                }
                if (granted.isEmpty()) {
                    continue;
                }
                Map<String, Object> narrowed = new LinkedHashMap<>();
                narrowed.put("apiGroups", List.of(group));
                narrowed.put("resources", List.copyOf(granted));
                if (rule.get("resourceNames") != null) {
                    narrowed.put("resourceNames", rule.get("resourceNames"));
                }
                narrowed.put(
                        "verbs",
                        VERB_ORDER.stream().filter(grantedVerbs::contains).toList());
                confined.add(narrowed);
            }
        }
        return new Outcome(confined, null);
    }

    private static Set<String> strings(Object value) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        Set<String> strings = new LinkedHashSet<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                return null;
            }
            strings.add(s);
        }
        return strings;
    }

    private static Map<String, Set<String>> safe() {
        Map<String, Set<String>> safe = new LinkedHashMap<>();
        safe.put(
                "",
                Set.of(
                        "configmaps",
                        "secrets",
                        "services",
                        "serviceaccounts",
                        "persistentvolumeclaims",
                        "pods",
                        "pods/log",
                        "pods/status",
                        "endpoints",
                        "events"));
        safe.put("apps", Set.of("deployments", "statefulsets", "replicasets"));
        safe.put("batch", Set.of("jobs", "cronjobs"));
        safe.put("networking.k8s.io", Set.of("ingresses"));
        safe.put("policy", Set.of("poddisruptionbudgets"));
        safe.put("autoscaling", Set.of("horizontalpodautoscalers"));
        safe.put("coordination.k8s.io", Set.of("leases"));
        safe.put("discovery.k8s.io", Set.of("endpointslices"));
        return Map.copyOf(safe);
    }
}
