package io.sealcloud.appstore.domain.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps an app's Services and Ingresses to its own traffic: what the platform's ingress and the cluster's network
 * would otherwise let any tenant take from another, or from the platform.
 *
 * <ul>
 *   <li>Service {@code externalIPs}: kube-proxy sends every packet for those IPs, cluster-wide, to the Service
 *       (CVE-2020-8554): refused.
 *   <li>Service {@code type: ExternalName}: the ingress controller proxies to whatever name it gives, another
 *       namespace's Service included, past its NetworkPolicy (CVE-2021-25740): refused.
 *   <li>Service {@code type: LoadBalancer}: a public address costs money and bypasses the ingress; at most
 *       {@code maxLoadBalancers} per app (default {@value #DEFAULT_LOAD_BALANCERS}).
 *   <li>Ingress: every host (rules and TLS) must be the app's own, {@code <app>-<workspace>.<cloud domain>}, or under it
 *       (a subdomain, or a first label ending in {@code -<app>-<workspace>} as Sealos' {@code api-<host>} style does);
 *       no rule without a host and no {@code defaultBackend} (both answer for every host nobody else claims). Workspace
 *       ids have no '-', so the last label part names the workspace: no tenant can name another's host, and platform
 *       hosts ({@code console.<domain>}, …) are never of that form.
 * </ul>
 *
 * <p>The same rules hold for objects members write by hand through the ValidatingAdmissionPolicy in
 * {@code deploy/base/admission} (Kubernetes ≥ 1.30); on older clusters only the app store enforces them.
 */
public record TrafficRules(String cloudDomain, int maxLoadBalancers) {

    /** LoadBalancer Services an app may have when nothing is configured. */
    public static final int DEFAULT_LOAD_BALANCERS = 0;

    private static final GroupKind SERVICE = new GroupKind("", "Service");
    private static final GroupKind INGRESS = new GroupKind("networking.k8s.io", "Ingress");

    public TrafficRules {
        cloudDomain = cloudDomain.toLowerCase(Locale.ROOT);
        if (maxLoadBalancers < 0) {
            throw new IllegalArgumentException("maxLoadBalancers must be ≥ 0");
        }
    }

    /** The first label of an app's host: {@code <app>-<workspace>} (also the template variable SEALCLOUD_APP_HOST). */
    public static String appHostLabel(String instance, String workspaceId) {
        return instance + "-" + workspaceId;
    }

    /** The app's own host, {@code <app>-<workspace>.<cloud domain>}. */
    public String appHost(String instance, String workspaceId) {
        return appHostLabel(instance, workspaceId) + "." + cloudDomain;
    }

    /** Whether {@code host} belongs to the app whose own host is {@code appHost}. */
    public static boolean owns(String appHost, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals(appHost) || h.endsWith("." + appHost) || h.endsWith("-" + appHost);
    }

    static boolean isLoadBalancer(GroupKind groupKind, Map<String, Object> object) {
        return SERVICE.equals(groupKind) && "LoadBalancer".equals(TenantPolicy.path(object, "spec", "type"));
    }

    String loadBalancerRefusal() {
        return maxLoadBalancers == 0
                ? "is a LoadBalancer Service; apps are reached through the platform's ingress (no LoadBalancers)"
                : "is a LoadBalancer Service beyond the " + maxLoadBalancers + " an app may have";
    }

    /** Why the object would take traffic that is not its app's, or null. */
    String refusal(GroupKind groupKind, Map<String, Object> object, String appHost) {
        if (SERVICE.equals(groupKind)) {
            if (TenantPolicy.path(object, "spec", "externalIPs") instanceof List<?> ips && !ips.isEmpty()) {
                return "sets spec.externalIPs, which captures those addresses' traffic cluster-wide (CVE-2020-8554)";
            }
            if ("ExternalName".equals(TenantPolicy.path(object, "spec", "type"))) {
                return "is an ExternalName Service, which can expose another namespace's Service (CVE-2021-25740)";
            }
            return null;
        }
        if (INGRESS.equals(groupKind)) {
            return ingressRefusal(object, appHost);
        }
        return null;
    }

    private static String ingressRefusal(Map<String, Object> ingress, String appHost) {
        if (TenantPolicy.path(ingress, "spec", "defaultBackend") != null
                || TenantPolicy.path(ingress, "spec", "backend") != null) {
            return "sets spec.defaultBackend, which answers for every host; give each rule the app's host " + appHost;
        }
        Object rules = TenantPolicy.path(ingress, "spec", "rules");
        if (rules instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object host = list.get(i) instanceof Map<?, ?> rule ? rule.get("host") : null;
                if (!(host instanceof String h) || h.isBlank()) {
                    return "has spec.rules[" + i + "] without a host, which answers for every host; use " + appHost;
                }
                if (!owns(appHost, h)) {
                    return hostRefusal("spec.rules[" + i + "].host", h, appHost);
                }
            }
        }
        Object tls = TenantPolicy.path(ingress, "spec", "tls");
        if (tls instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object hosts = list.get(i) instanceof Map<?, ?> entry ? entry.get("hosts") : null;
                if (hosts instanceof List<?> names) {
                    for (int j = 0; j < names.size(); j++) {
                        if (!(names.get(j) instanceof String h) || !owns(appHost, h)) {
                            return hostRefusal("spec.tls[" + i + "].hosts[" + j + "]", names.get(j), appHost);
                        }
                    }
                }
            }
        }
        return null;
    }

    private static String hostRefusal(String field, Object host, String appHost) {
        return "has " + field + " '" + host + "', which is not this app's; an app answers only for its own host "
                + appHost + " (or names under it)";
    }
}
