package io.sealcloud.appstore.domain.policy;

import io.sealcloud.platform.tenancy.WorkspaceRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Confines the rules of a template's Role to what the member installing the app may do in the workspace.
 *
 * <p>Why: any member can run a pod as any ServiceAccount of the workspace, so whatever an app's Role grants, every
 * member who can deploy holds too. A Role that grants {@code *} would let a developer write Secrets (which only
 * managers and owners may), ServiceAccounts and RoleBindings (owners only), and the ResourceQuota, LimitRange and
 * NetworkPolicy the platform owns. And Endpoints or EndpointSlices written by hand can point a Service — and the
 * Ingress in front of it — at any IP, inside the cluster or out (CVE-2021-25740): only Kubernetes writes them.
 *
 * <p>So an app's Role may grant, per resource, only the verbs that (1) the installer's workspace role holds (the RBAC
 * matrix of accounts' {@code DesiredRoles}, mirrored in {@link #MEMBER}) and (2) the appstore controller holds
 * ({@link #CONTROLLER}: the API server lets it create a Role, or bind one, only with permissions it holds itself, so
 * it needs neither {@code escalate} nor {@code bind}). Explicit rules beyond that are refused, naming the rule;
 * wildcard rules are <em>narrowed</em> to it, which keeps Sealos' templates (whose database Roles grant {@code *})
 * working without the platform's objects. Verbs outside {@link #VERBS} ({@code escalate}, {@code bind},
 * {@code impersonate}, …) are always refused.
 */
final class RoleRules {

    /** The verbs a Role of an app may grant at most. */
    static final Set<String> VERBS =
            Set.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");

    private static final List<String> VERB_ORDER =
            List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");
    private static final List<String> READ = List.of("get", "list", "watch");

    /** Kinds nobody but Kubernetes writes: hand-made ones route a Service to arbitrary addresses (CVE-2021-25740). */
    static final Set<String> ROUTING = Set.of("endpoints", "discovery.k8s.io/endpointslices");

    /**
     * What the appstore controller holds in a workspace namespace (deploy/base/appstore/clusterrole.yaml), by API
     * group, resource and verbs: every permission an app's Role could ever grant.
     */
    static final Map<String, Map<String, Set<String>>> CONTROLLER = controller();

    /** What each workspace role may do in its namespace (accounts' {@code DesiredRoles}: read, do not widen). */
    static final Map<WorkspaceRole, Map<String, Map<String, Set<String>>>> MEMBER = Map.of(
            WorkspaceRole.OWNER, member(WorkspaceRole.OWNER),
            WorkspaceRole.MANAGER, member(WorkspaceRole.MANAGER),
            WorkspaceRole.DEVELOPER, member(WorkspaceRole.DEVELOPER));

    private RoleRules() {}

    /** Narrowed rules, or the reason the Role is refused. */
    record Outcome(List<Map<String, Object>> rules, String refusal) {}

    /**
     * What an app installed by a member of {@code role} may grant: the member's permissions that the controller holds.
     * A missing role counts as the least one (developer).
     */
    static Map<String, Map<String, Set<String>>> grantable(WorkspaceRole role) {
        Map<String, Map<String, Set<String>>> member = MEMBER.get(role == null ? WorkspaceRole.DEVELOPER : role);
        Map<String, Map<String, Set<String>>> grantable = new TreeMap<>();
        CONTROLLER.forEach((group, resources) -> resources.forEach((resource, verbs) -> {
            Set<String> allowed = new LinkedHashSet<>();
            Set<String> memberVerbs = member.getOrDefault(group, Map.of()).getOrDefault(resource, Set.of());
            for (String verb : VERB_ORDER) {
                if (verbs.contains(verb) && memberVerbs.contains(verb)) {
                    allowed.add(verb);
                }
            }
            if (!allowed.isEmpty()) {
                grantable.computeIfAbsent(group, g -> new TreeMap<>()).put(resource, allowed);
            }
        }));
        return grantable;
    }

    static Outcome confine(Object rulesValue, WorkspaceRole role) {
        return confine(rulesValue, role, false);
    }

    /**
     * @param narrowAll narrow explicit rules too instead of refusing them (a stored revision placed again: what it was
     *     allowed when it was rendered may be less now, and an app must keep running with less, not stop)
     */
    static Outcome confine(Object rulesValue, WorkspaceRole role, boolean narrowAll) {
        if (rulesValue == null) {
            return new Outcome(List.of(), null);
        }
        if (!(rulesValue instanceof List<?> list)) {
            return new Outcome(null, "has rules that are not a list");
        }
        Map<String, Map<String, Set<String>>> grantable = grantable(role);
        String who = "a " + (role == null ? WorkspaceRole.DEVELOPER : role).wireName();
        List<Map<String, Object>> confined = new ArrayList<>();
        for (int index = 0; index < list.size(); index++) {
            Object item = list.get(index);
            String ruleName = "rules[" + index + "]";
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
            boolean anyVerb = verbs.contains("*");
            for (String verb : verbs) {
                if (!verb.equals("*") && !VERBS.contains(verb)) {
                    return new Outcome(
                            null,
                            ruleName + " grants the verb '" + verb + "'; an app's Role may grant only " + VERB_ORDER);
                }
            }
            boolean anyGroup = groups.contains("*");
            Set<String> targetGroups = anyGroup ? CONTROLLER.keySet() : groups;
            for (String group : targetGroups) {
                Map<String, Set<String>> held = CONTROLLER.get(group);
                if (held == null) {
                    return new Outcome(
                            null, ruleName + " grants access to API group '" + group + "', which apps may not manage");
                }
                Map<String, Set<String>> mayGrant = grantable.getOrDefault(group, Map.of());
                // Per resource, the verbs granted; rules are written back grouped by their verbs.
                Map<List<String>, Set<String>> byVerbs = new LinkedHashMap<>();
                for (String resource : resources) {
                    boolean anyResource = resource.equals("*");
                    Set<String> targets = anyResource ? held.keySet() : Set.of(resource);
                    for (String target : targets) {
                        String qualified = target + (group.isEmpty() ? "" : "." + group);
                        if (!held.containsKey(target)) {
                            if (anyGroup) {
                                continue; // a '*' group with a named resource: only the groups that have it
                            }
                            return new Outcome(
                                    null,
                                    ruleName + " grants access to '" + qualified
                                            + "', which the platform manages (quota, limits, network policy, RBAC,"
                                            + " tokens)");
                        }
                        Set<String> allowed = mayGrant.getOrDefault(target, Set.of());
                        List<String> granted;
                        if (anyVerb || narrowAll) {
                            granted = VERB_ORDER.stream()
                                    .filter(v -> allowed.contains(v) && (anyVerb || verbs.contains(v)))
                                    .toList();
                        } else {
                            for (String verb : verbs) {
                                if (!allowed.contains(verb)) {
                                    return new Outcome(null, beyond(ruleName, verb, group, target, qualified, who));
                                }
                            }
                            granted =
                                    VERB_ORDER.stream().filter(verbs::contains).toList();
                        }
                        if (granted.isEmpty()) {
                            if (anyResource || anyGroup || narrowAll) {
                                continue; // narrowed away
                            }
                            return new Outcome(null, beyond(ruleName, "*", group, target, qualified, who));
                        }
                        byVerbs.computeIfAbsent(granted, v -> new TreeSet<>()).add(target);
                    }
                }
                byVerbs.forEach((grantedVerbs, grantedResources) -> {
                    Map<String, Object> narrowed = new LinkedHashMap<>();
                    narrowed.put("apiGroups", List.of(group));
                    narrowed.put("resources", List.copyOf(grantedResources));
                    if (rule.get("resourceNames") != null) {
                        narrowed.put("resourceNames", rule.get("resourceNames"));
                    }
                    narrowed.put("verbs", grantedVerbs);
                    confined.add(narrowed);
                });
            }
        }
        return new Outcome(confined, null);
    }

    private static String beyond(
            String rule, String verb, String group, String resource, String qualified, String who) {
        String key = group.isEmpty() ? resource : group + "/" + resource;
        if (ROUTING.contains(key)) {
            return rule + " grants '" + verb + "' on '" + qualified + "': Endpoints and EndpointSlices are written only"
                    + " by Kubernetes, since hand-made ones can send a Service's traffic to any address"
                    + " (CVE-2021-25740); an app's Role may only read them";
        }
        return rule + " grants '" + verb + "' on '" + qualified + "', which " + who + " may not do; an app's Role may"
                + " grant only what the member installing it may (any member can run a pod as the app's"
                + " ServiceAccount)";
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

    private static Map<String, Map<String, Set<String>>> controller() {
        Map<String, Map<String, Set<String>>> held = new LinkedHashMap<>();
        Set<String> all = Set.copyOf(VERB_ORDER);
        Set<String> read = Set.copyOf(READ);
        put(
                held,
                "",
                all,
                "configmaps",
                "secrets",
                "services",
                "serviceaccounts",
                "persistentvolumeclaims",
                "pods",
                "pods/log",
                "pods/status",
                "events");
        put(held, "", read, "endpoints");
        put(held, "apps", all, "deployments", "statefulsets", "replicasets");
        put(held, "batch", all, "jobs", "cronjobs");
        put(held, "networking.k8s.io", all, "ingresses");
        put(held, "policy", all, "poddisruptionbudgets");
        put(held, "autoscaling", all, "horizontalpodautoscalers");
        put(held, "coordination.k8s.io", all, "leases");
        put(held, "discovery.k8s.io", read, "endpointslices");
        return freeze(held);
    }

    /** Accounts' DesiredRoles.rules(tier), as group → resource → verbs. */
    private static Map<String, Map<String, Set<String>>> member(WorkspaceRole role) {
        Map<String, Map<String, Set<String>>> rules = new LinkedHashMap<>();
        Set<String> write = Set.copyOf(VERB_ORDER);
        Set<String> read = Set.copyOf(READ);
        put(
                rules,
                "",
                write,
                "pods",
                "services",
                "configmaps",
                "persistentvolumeclaims",
                "replicationcontrollers",
                "replicationcontrollers/scale");
        put(rules, "", Set.of("get", "create"), "pods/exec", "pods/attach", "pods/portforward");
        put(rules, "", read, "pods/log");
        put(
                rules,
                "apps",
                write,
                "deployments",
                "deployments/scale",
                "statefulsets",
                "statefulsets/scale",
                "replicasets",
                "replicasets/scale",
                "daemonsets");
        put(rules, "apps", read, "controllerrevisions");
        put(rules, "batch", write, "jobs", "cronjobs");
        put(rules, "autoscaling", write, "horizontalpodautoscalers");
        put(rules, "networking.k8s.io", write, "ingresses");
        put(rules, "policy", write, "poddisruptionbudgets");
        put(rules, "coordination.k8s.io", write, "leases");
        put(
                rules,
                "",
                read,
                "events",
                "endpoints",
                "resourcequotas",
                "limitranges",
                "pods/status",
                "serviceaccounts",
                "persistentvolumeclaims/status");
        put(rules, "events.k8s.io", read, "events");
        put(rules, "discovery.k8s.io", read, "endpointslices");
        put(rules, "networking.k8s.io", read, "networkpolicies");
        put(rules, "metrics.k8s.io", read, "pods");
        if (role == WorkspaceRole.DEVELOPER) {
            return freeze(rules);
        }
        put(rules, "", write, "secrets");
        if (role == WorkspaceRole.MANAGER) {
            put(rules, "rbac.authorization.k8s.io", read, "roles", "rolebindings");
            return freeze(rules);
        }
        put(rules, "rbac.authorization.k8s.io", write, "roles", "rolebindings");
        put(rules, "", write, "serviceaccounts");
        return freeze(rules);
    }

    private static void put(
            Map<String, Map<String, Set<String>>> rules, String group, Set<String> verbs, String... resources) {
        Map<String, Set<String>> byResource = rules.computeIfAbsent(group, g -> new LinkedHashMap<>());
        for (String resource : resources) {
            byResource.merge(resource, verbs, (a, b) -> {
                Set<String> union = new LinkedHashSet<>(a);
                union.addAll(b);
                return union;
            });
        }
    }

    private static Map<String, Map<String, Set<String>>> freeze(Map<String, Map<String, Set<String>>> rules) {
        Map<String, Map<String, Set<String>>> frozen = new LinkedHashMap<>();
        rules.forEach((group, resources) -> {
            Map<String, Set<String>> copy = new LinkedHashMap<>();
            resources.forEach((resource, verbs) -> copy.put(resource, Set.copyOf(verbs)));
            frozen.put(group, java.util.Collections.unmodifiableMap(copy));
        });
        return java.util.Collections.unmodifiableMap(frozen);
    }
}
