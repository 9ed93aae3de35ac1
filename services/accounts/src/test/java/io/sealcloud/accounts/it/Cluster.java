package io.sealcloud.accounts.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sealcloud.testkit.ControlPlaneTestResource;

/**
 * The tests' view of the real control plane ({@code @WithControlPlane}): one admin client for arranging and
 * inspecting state. The service under test never uses it; it runs as its own ServiceAccount with the RBAC of {@code
 * deploy/base/accounts}.
 */
final class Cluster {

    private static KubernetesClient admin;

    private Cluster() {}

    /** The shared admin client ({@code system:masters}); closed when the JVM ends. */
    static synchronized KubernetesClient admin() {
        if (admin == null) {
            admin = ControlPlaneTestResource.adminClient();
        }
        return admin;
    }
}
