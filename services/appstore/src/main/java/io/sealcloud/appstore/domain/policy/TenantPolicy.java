package io.sealcloud.appstore.domain.policy;

import io.sealcloud.platform.tenancy.WorkspaceRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes rendered objects safe to apply in one workspace: only namespaced kinds from an allowlist, forced into the
 * workspace namespace, RBAC confined to it, and every object labelled and owned by its app instance.
 *
 * <p>Refused (the whole render, with one violation per object): kinds not on the allowlist (cluster-scoped kinds,
 * {@code Namespace}, {@code ClusterRole}, {@code ClusterRoleBinding}, DaemonSets, webhooks, CRDs, …); objects naming
 * another namespace; RoleBindings to a ClusterRole, to a Role the app does not create, or to subjects other than
 * ServiceAccounts of the workspace namespace; Roles granting more than the installing member may do, or any write to
 * Endpoints and EndpointSlices ({@link RoleRules}: wildcard rules are narrowed instead); traffic hijacking
 * ({@link TrafficRules}: Service {@code externalIPs} and {@code ExternalName}, LoadBalancers beyond the configured
 * number, Ingress hosts outside the app's own). Sealos' {@code app.sealos.io/v1 App} objects (desktop shortcuts) are not
 * applied: their URL becomes a link of the instance.
 */
public final class TenantPolicy {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "sealcloud-appstore";
    public static final String WORKSPACE_LABEL = "sealcloud.io/workspace";
    public static final String INSTANCE_LABEL = "sealcloud.io/app-instance";

    /** The namespaced kinds an app may create, by default. */
    public static final Set<GroupKind> DEFAULT_ALLOWED = Set.copyOf(List.of(
            new GroupKind("", "ConfigMap"),
            new GroupKind("", "Secret"),
            new GroupKind("", "Service"),
            new GroupKind("", "ServiceAccount"),
            new GroupKind("", "PersistentVolumeClaim"),
            new GroupKind("", "Pod"),
            new GroupKind("apps", "Deployment"),
            new GroupKind("apps", "StatefulSet"),
            new GroupKind("batch", "Job"),
            new GroupKind("batch", "CronJob"),
            new GroupKind("networking.k8s.io", "Ingress"),
            new GroupKind("policy", "PodDisruptionBudget"),
            new GroupKind("autoscaling", "HorizontalPodAutoscaler"),
            new GroupKind("rbac.authorization.k8s.io", "Role"),
            new GroupKind("rbac.authorization.k8s.io", "RoleBinding"),
            new GroupKind("apps.kubeblocks.io", "Cluster"),
            new GroupKind("cert-manager.io", "Issuer"),
            new GroupKind("cert-manager.io", "Certificate"),
            new GroupKind("monitoring.coreos.com", "ServiceMonitor"),
            new GroupKind("monitoring.coreos.com", "PodMonitor"),
            new GroupKind("monitoring.coreos.com", "Probe"),
            new GroupKind("monitoring.coreos.com", "PrometheusRule"),
            new GroupKind("monitoring.coreos.com", "Prometheus"),
            new GroupKind("objectstorage.sealos.io", "ObjectStorageBucket")));

    /** The cloud domain when none is configured (AppstoreConfig.Platform#cloudDomain's default). */
    public static final String DEFAULT_DOMAIN = "cloud.sealcloud.local";

    static final GroupKind SEALOS_APP = new GroupKind("app.sealos.io", "App");
    private static final GroupKind ROLE = new GroupKind("rbac.authorization.k8s.io", "Role");
    private static final GroupKind ROLE_BINDING = new GroupKind("rbac.authorization.k8s.io", "RoleBinding");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

    private final Set<GroupKind> allowed;
    private final TrafficRules traffic;

    public TenantPolicy(Set<GroupKind> allowed, TrafficRules traffic) {
        this.allowed = Set.copyOf(allowed);
        this.traffic = traffic;
    }

    /** The default kinds and traffic rules, for apps under the default cloud domain ({@value #DEFAULT_DOMAIN}). */
    public static TenantPolicy defaults() {
        return defaults(DEFAULT_DOMAIN);
    }

    /** The default kinds and traffic rules for apps under {@code cloudDomain}. */
    public static TenantPolicy defaults(String cloudDomain) {
        return new TenantPolicy(DEFAULT_ALLOWED, new TrafficRules(cloudDomain, TrafficRules.DEFAULT_LOAD_BALANCERS));
    }

    public TrafficRules traffic() {
        return traffic;
    }

    public Set<GroupKind> allowed() {
        return allowed;
    }

    /**
     * Where and for whom objects are placed. {@code owner} may be null (previews, before the AppInstance exists);
     * {@code installer} is the workspace role of the member installing, upgrading or rolling back (null counts as the
     * least role). {@code rendered}: objects just rendered, checked in full; otherwise a stored revision placed again
     * when it is applied, which was checked when it was rendered: its Roles are narrowed (never refused) to today's
     * bound, and the traffic and quantity rules, which a revision stored before them may not meet, are not re-checked
     * (it would stop a running app; its next upgrade renders it under them).
     */
    public record Placement(
            String workspaceId,
            String namespace,
            String instance,
            OwnerReference owner,
            WorkspaceRole installer,
            boolean rendered) {

        /** Objects just rendered for a member of role {@code installer}. */
        public Placement(
                String workspaceId, String namespace, String instance, OwnerReference owner, WorkspaceRole installer) {
            this(workspaceId, namespace, instance, owner, installer, true);
        }

        /** A stored revision placed again at apply time: Roles bounded by the owner's permissions, the most any has. */
        public Placement(String workspaceId, String namespace, String instance, OwnerReference owner) {
            this(workspaceId, namespace, instance, owner, WorkspaceRole.OWNER, false);
        }
    }

    /** The owner of applied objects: the AppInstance. */
    public record OwnerReference(String apiVersion, String kind, String name, String uid) {}

    /** Objects to apply (copies, placed and labelled) and links taken from Sealos App objects. */
    public record Placed(List<Map<String, Object>> objects, List<String> links) {}

    /**
     * Checks and places rendered objects.
     *
     * @throws TenantPolicyException listing every refused object; nothing is returned then
     */
    public Placed place(List<Map<String, Object>> rendered, Placement placement) {
        List<PolicyViolation> violations = new ArrayList<>();
        List<Map<String, Object>> objects = new ArrayList<>();
        List<String> links = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> roles = roleNames(rendered);
        String appHost = traffic.appHost(placement.instance(), placement.workspaceId());
        int loadBalancers = 0;
        for (int i = 0; i < rendered.size(); i++) {
            Map<String, Object> object = rendered.get(i);
            String apiVersion = string(object.get("apiVersion"));
            String kind = string(object.get("kind"));
            Map<String, Object> metadata = map(object.get("metadata"));
            String name = metadata == null ? null : string(metadata.get("name"));
            if (apiVersion == null || kind == null || name == null) {
                violations.add(new PolicyViolation(i, kind, name, "needs apiVersion, kind and metadata.name"));
                continue;
            }
            GroupKind groupKind = GroupKind.of(apiVersion, kind);
            if (SEALOS_APP.equals(groupKind)) {
                Object url = path(object, "spec", "data", "url");
                if (url instanceof String link && !link.isBlank()) {
                    links.add(link);
                }
                continue;
            }
            String refusal = refusal(groupKind, object, metadata, name, placement.namespace(), roles);
            if (refusal != null) {
                violations.add(new PolicyViolation(i, groupKind.toString(), name, refusal));
                continue;
            }
            if (!seen.add(groupKind + "/" + name)) {
                violations.add(new PolicyViolation(i, groupKind.toString(), name, "is rendered twice"));
                continue;
            }
            if (placement.rendered()
                    && TrafficRules.isLoadBalancer(groupKind, object)
                    && ++loadBalancers > traffic.maxLoadBalancers()) {
                violations.add(new PolicyViolation(i, groupKind.toString(), name, traffic.loadBalancerRefusal()));
                continue;
            }
            String quantity = placement.rendered() ? QuantityRules.refusal(groupKind, object) : null;
            if (quantity != null) {
                violations.add(new PolicyViolation(i, groupKind.toString(), name, quantity));
                continue;
            }
            String hijack = placement.rendered() ? traffic.refusal(groupKind, object, appHost) : null;
            if (hijack != null) {
                violations.add(new PolicyViolation(i, groupKind.toString(), name, hijack));
                continue;
            }
            Map<String, Object> placedObject = placed(object, placement);
            if (groupKind.equals(ROLE)) {
                RoleRules.Outcome rules =
                        RoleRules.confine(object.get("rules"), placement.installer(), !placement.rendered());
                if (rules.refusal() != null) {
                    violations.add(new PolicyViolation(i, groupKind.toString(), name, rules.refusal()));
                    continue;
                }
                placedObject.put("rules", rules.rules());
            }
            objects.add(placedObject);
        }
        if (!violations.isEmpty()) {
            throw new TenantPolicyException(violations);
        }
        return new Placed(objects, links);
    }

    private String refusal(
            GroupKind groupKind,
            Map<String, Object> object,
            Map<String, Object> metadata,
            String name,
            String namespace,
            Set<String> roles) {
        if (!allowed.contains(groupKind)) {
            return switch (groupKind.kind()) {
                case "Namespace" -> "creates a Namespace; apps live in their workspace's namespace";
                case "ClusterRole", "ClusterRoleBinding" -> "grants cluster-wide permissions";
                default -> "is not an allowed kind in a workspace (cluster-scoped or able to reach beyond it)";
            };
        }
        if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            return "has an invalid name (lowercase letters, digits, '-' and '.')";
        }
        String target = string(metadata.get("namespace"));
        if (target != null && !target.isEmpty() && !target.equals(namespace)) {
            return "targets namespace '" + target + "'; apps are installed only into '" + namespace + "'";
        }
        if (groupKind.equals(ROLE_BINDING)) {
            return roleBindingRefusal(object, namespace, roles);
        }
        return null;
    }

    private static String roleBindingRefusal(Map<String, Object> binding, String namespace, Set<String> roles) {
        Map<String, Object> roleRef = map(binding.get("roleRef"));
        if (roleRef == null || !"Role".equals(roleRef.get("kind"))) {
            return "binds a ClusterRole (or no Role); only Roles of the workspace may be bound";
        }
        // Not a Role someone else made (the members' Roles that accounts manages, another app's): their rules were
        // never confined by this policy.
        if (!roles.contains(string(roleRef.get("name")))) {
            return "binds Role '" + roleRef.get("name") + "', which this app does not create; an app may bind only its"
                    + " own Roles";
        }
        Object subjects = binding.get("subjects");
        if (subjects instanceof List<?> list) {
            for (Object s : list) {
                Map<String, Object> subject = map(s);
                if (subject == null || !"ServiceAccount".equals(subject.get("kind"))) {
                    return "binds a user or group; only ServiceAccounts of the workspace may be bound";
                }
                String subjectNamespace = string(subject.get("namespace"));
                if (subjectNamespace != null && !subjectNamespace.isEmpty() && !subjectNamespace.equals(namespace)) {
                    return "binds a ServiceAccount of namespace '" + subjectNamespace + "'";
                }
            }
        }
        return null;
    }

    private static Set<String> roleNames(List<Map<String, Object>> rendered) {
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, Object> object : rendered) {
            Map<String, Object> metadata = map(object.get("metadata"));
            if (metadata != null
                    && object.get("apiVersion") instanceof String apiVersion
                    && object.get("kind") instanceof String kind
                    && ROLE.equals(GroupKind.of(apiVersion, kind))
                    && metadata.get("name") instanceof String name) {
                names.add(name);
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> placed(Map<String, Object> object, Placement placement) {
        Map<String, Object> copy = (Map<String, Object>) deepCopy(object);
        Map<String, Object> metadata = (Map<String, Object>) copy.get("metadata");
        metadata.put("namespace", placement.namespace());
        label(metadata, placement);
        if (placement.owner() != null) {
            OwnerReference owner = placement.owner();
            Map<String, Object> reference = new LinkedHashMap<>();
            reference.put("apiVersion", owner.apiVersion());
            reference.put("kind", owner.kind());
            reference.put("name", owner.name());
            reference.put("uid", owner.uid());
            reference.put("controller", true);
            reference.put("blockOwnerDeletion", true);
            // Replaces whatever the template wrote: its objects belong to the instance and nothing else.
            metadata.put("ownerReferences", List.of(reference));
        } else {
            metadata.remove("ownerReferences");
        }
        // Pods and volume claims carry the instance label too: metering attributes usage by it.
        labelPath(copy, placement, "spec", "template", "metadata");
        labelPath(copy, placement, "spec", "jobTemplate", "spec", "template", "metadata");
        if (path(copy, "spec", "volumeClaimTemplates") instanceof List<?> claims) {
            for (Object claim : claims) {
                if (claim instanceof Map<?, ?> c) {
                    Map<String, Object> claimMetadata = (Map<String, Object>)
                            ((Map<String, Object>) c).computeIfAbsent("metadata", k -> new LinkedHashMap<>());
                    label(claimMetadata, placement);
                }
            }
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static void labelPath(Map<String, Object> object, Placement placement, String... path) {
        Object parent = path(object, java.util.Arrays.copyOf(path, path.length - 1));
        if (parent instanceof Map<?, ?> map) {
            Map<String, Object> metadata = (Map<String, Object>)
                    ((Map<String, Object>) map).computeIfAbsent(path[path.length - 1], k -> new LinkedHashMap<>());
            label(metadata, placement);
        }
    }

    @SuppressWarnings("unchecked")
    private static void label(Map<String, Object> metadata, Placement placement) {
        Map<String, Object> labels = metadata.get("labels") instanceof Map<?, ?> existing
                ? new LinkedHashMap<>((Map<String, Object>) existing)
                : new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(WORKSPACE_LABEL, placement.workspaceId());
        labels.put(INSTANCE_LABEL, placement.instance());
        metadata.put("labels", labels);
    }

    static Object path(Map<String, Object> object, String... keys) {
        Object current = object;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return value;
    }
}
