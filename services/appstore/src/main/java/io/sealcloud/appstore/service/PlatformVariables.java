package io.sealcloud.appstore.service;

import io.sealcloud.appstore.config.AppstoreConfig;
import io.sealcloud.appstore.domain.policy.TrafficRules;
import io.sealcloud.appstore.domain.template.Rendering;
import java.util.Map;

/** The {@code SEALOS_*} variables a template sees, for one workspace. */
public final class PlatformVariables {

    private PlatformVariables() {}

    /** Namespace of a workspace: {@code ns-<workspaceId>} (the convention accounts provisions). */
    public static String namespaceOf(String workspaceId) {
        return "ns-" + workspaceId;
    }

    /**
     * @param instance the app instance's name: {@code SEALCLOUD_APP_HOST} is {@code <instance>-<workspaceId>}, the
     *     first label of the only host its Ingresses may use (TrafficRules)
     */
    public static Map<String, String> of(AppstoreConfig.Platform platform, String workspaceId, String instance) {
        return Map.of(
                Rendering.APP_HOST,
                TrafficRules.appHostLabel(instance, workspaceId),
                "SEALOS_NAMESPACE",
                namespaceOf(workspaceId),
                // Sealos names the user's service account after the namespace without its prefix.
                "SEALOS_SERVICE_ACCOUNT",
                workspaceId,
                "SEALOS_CLOUD_DOMAIN",
                platform.cloudDomain(),
                "SEALOS_CLOUD_PORT",
                platform.cloudPort(),
                "SEALOS_CERT_SECRET_NAME",
                platform.certSecretName());
    }
}
