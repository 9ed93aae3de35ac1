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
        return policy.place(revisionObjects, placement).objects();
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
