package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The three Roles of every workspace namespace, one per member role (the RBAC matrix in docs/services/accounts.md).
 * Every rule names its resources and verbs: no wildcard verb, so no role ever holds {@code escalate}, {@code bind}
 * or {@code impersonate} (CVE-2023-33190: a tenant able to bind or escalate can grant itself more than it was given).
 * No role may write the guard rails the platform owns (ResourceQuota, LimitRange, NetworkPolicy): quota is what
 * billing and ops decide, and network isolation is a platform promise. All three can read them.
 */
public final class DesiredRoles {

    /** What each member role may do in the namespace. */
    public enum Tier {
        OWNER,
        MANAGER,
        DEVELOPER;

        /** {@code sealcloud-owner}, {@code sealcloud-manager}, {@code sealcloud-developer}. */
        public String roleName() {
            return "sealcloud-" + name().toLowerCase(Locale.ROOT);
        }

        public static Tier of(String role) {
            return valueOf(role.toUpperCase(Locale.ROOT));
        }
    }

    static final List<String> READ = List.of("get", "list", "watch");
    static final List<String> WRITE =
            List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");
    /** Verbs no generated role may contain. */
    public static final List<String> FORBIDDEN_VERBS = List.of("*", "escalate", "bind", "impersonate");

    private DesiredRoles() {}

    /** All three roles, owner first. */
    public static List<Role> of(Workspace workspace) {
        return List.of(of(workspace, Tier.OWNER), of(workspace, Tier.MANAGER), of(workspace, Tier.DEVELOPER));
    }

    public static Role of(Workspace workspace, Tier tier) {
        return new RoleBuilder()
                .withMetadata(WorkspaceObjects.childMeta(workspace, tier.roleName()))
                .withRules(rules(tier))
                .build();
    }

    /** The rules of a tier: workloads for all, secrets from manager up, RBAC and ServiceAccounts for the owner. */
    public static List<PolicyRule> rules(Tier tier) {
        List<PolicyRule> rules = new ArrayList<>();
        // Workloads and what they need: every member deploys (Sealos' developers could not, a common complaint).
        rules.add(rule(
                "",
                WRITE,
                "pods",
                "services",
                "configmaps",
                "persistentvolumeclaims",
                "replicationcontrollers",
                "replicationcontrollers/scale"));
        // Logs, exec, attach and port-forward: WebSocket clients authorize these with get, SPDY ones with create.
        rules.add(rule("", List.of("get", "create"), "pods/exec", "pods/attach", "pods/portforward"));
        rules.add(rule("", List.of("get", "list", "watch"), "pods/log"));
        rules.add(rule(
                "apps",
                WRITE,
                "deployments",
                "deployments/scale",
                "statefulsets",
                "statefulsets/scale",
                "replicasets",
                "replicasets/scale",
                "daemonsets"));
        rules.add(rule("apps", READ, "controllerrevisions"));
        rules.add(rule("batch", WRITE, "jobs", "cronjobs"));
        rules.add(rule("autoscaling", WRITE, "horizontalpodautoscalers"));
        rules.add(rule("networking.k8s.io", WRITE, "ingresses"));
        rules.add(rule("policy", WRITE, "poddisruptionbudgets"));
        rules.add(rule("coordination.k8s.io", WRITE, "leases"));
        // Read-only for everyone: what the platform owns, and status.
        rules.add(rule(
                "",
                READ,
                "events",
                "endpoints",
                "resourcequotas",
                "limitranges",
                "pods/status",
                "serviceaccounts",
                "persistentvolumeclaims/status"));
        rules.add(rule("events.k8s.io", READ, "events"));
        rules.add(rule("discovery.k8s.io", READ, "endpointslices"));
        rules.add(rule("networking.k8s.io", READ, "networkpolicies"));
        rules.add(rule("metrics.k8s.io", READ, "pods"));
        if (tier == Tier.DEVELOPER) {
            // No secrets at all: Kubernetes cannot scope "secrets of others" (see the RBAC matrix for what remains).
            return List.copyOf(rules);
        }
        rules.add(rule("", WRITE, "secrets"));
        if (tier == Tier.MANAGER) {
            rules.add(rule("rbac.authorization.k8s.io", READ, "roles", "rolebindings"));
            return List.copyOf(rules);
        }
        // Owner: RBAC inside the namespace, without escalate/bind: the API server's escalation check then lets the
        // owner grant only what the owner holds.
        rules.add(rule("rbac.authorization.k8s.io", WRITE, "roles", "rolebindings"));
        rules.add(rule("", WRITE, "serviceaccounts"));
        return List.copyOf(rules);
    }

    private static PolicyRule rule(String apiGroup, List<String> verbs, String... resources) {
        return new PolicyRuleBuilder()
                .withApiGroups(apiGroup)
                .withResources(resources)
                .withVerbs(verbs)
                .build();
    }
}
