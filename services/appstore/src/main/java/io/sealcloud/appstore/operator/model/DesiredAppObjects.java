package io.sealcloud.appstore.operator.model;

import io.sealcloud.appstore.domain.policy.TenantPolicy;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import java.util.List;
import java.util.Map;

/**
 * The objects an AppInstance should have: its current revision's rendered objects, placed again by the tenant policy
 * at apply time (defence in depth: a stored revision is re-checked against today's allowlist) with the namespace
 * forced to the instance's, the sealcloud labels (also on pod templates and volume claim templates) and an owner
 * reference to the instance (controller, blockOwnerDeletion). Pure: no client, no database.
 */
public final class DesiredAppObjects {

    private DesiredAppObjects() {}

    /**
     * @throws io.sealcloud.appstore.domain.policy.TenantPolicyException when a stored object is no longer allowed
     */
    public static List<Map<String, Object>> of(
            AppInstance instance, List<Map<String, Object>> revisionObjects, TenantPolicy policy) {
        var metadata = instance.getMetadata();
        TenantPolicy.Placement placement = new TenantPolicy.Placement(
                instance.getSpec().getWorkspaceId(),
                metadata.getNamespace(),
                metadata.getName(),
                new TenantPolicy.OwnerReference(
                        AppInstance.API_VERSION, "AppInstance", metadata.getName(), metadata.getUid()));
        List<Map<String, Object>> placed =
                policy.place(revisionObjects, placement).objects();
        placed.forEach(DesiredAppObjects::defaultPortProtocols);
        return placed;
    }

    /**
     * Sets {@code protocol: TCP} (the API server's own default) on every Service port and container port that leaves it
     * out. Those lists are keyed by port <i>and</i> protocol for server-side apply, and the real 1.20 API server
     * refuses an apply whose element omits a key (HTTP 500 "failed to create typed patch object: .spec.ports: element
     * 0: associative list with keys has an element that omits key field "protocol""), which the tests on the real
     * control plane showed; templates written for {@code kubectl apply} routinely omit it. Mutates {@code object} (a
     * placed copy).
     */
    static void defaultPortProtocols(Map<String, Object> object) {
        if ("Service".equals(object.get("kind")) && object.get("spec") instanceof Map<?, ?> spec) {
            defaultProtocol(spec.get("ports"));
        }
        defaultContainerPorts(object);
    }

    private static void defaultContainerPorts(Object node) {
        if (node instanceof Map<?, ?> map) {
            for (String list : List.of("containers", "initContainers")) {
                if (map.get(list) instanceof List<?> containers) {
                    for (Object container : containers) {
                        if (container instanceof Map<?, ?> c) {
                            defaultProtocol(c.get("ports"));
                        }
                    }
                }
            }
            map.values().forEach(DesiredAppObjects::defaultContainerPorts);
        } else if (node instanceof List<?> list) {
            list.forEach(DesiredAppObjects::defaultContainerPorts);
        }
    }

    @SuppressWarnings("unchecked")
    private static void defaultProtocol(Object ports) {
        if (ports instanceof List<?> list) {
            for (Object port : list) {
                if (port instanceof Map<?, ?> p && !p.containsKey("protocol")) {
                    ((Map<String, Object>) p).put("protocol", "TCP");
                }
            }
        }
    }

    /** {@code group/Kind/name}: how objects of two revisions are matched. */
    public static String identity(Map<String, Object> object) {
        String apiVersion = String.valueOf(object.get("apiVersion"));
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        Object metadata = object.get("metadata");
        Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
        return group + "/" + object.get("kind") + "/" + name;
    }
}
