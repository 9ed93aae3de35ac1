package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.sealcloud.accounts.operator.crd.v1alpha1.Workspace;
import java.util.List;
import java.util.Map;

/**
 * The workspace's network isolation: a default-deny policy for every pod in both directions, and one that allows what
 * a workspace always needs, traffic between its own pods and DNS to kube-system. Policies add up, so anything else
 * stays denied until a later policy allows it.
 */
public final class DesiredNetworkPolicy {

    public static final String DEFAULT_DENY = "default-deny";
    public static final String ALLOW_NAMESPACE_AND_DNS = "allow-namespace-and-dns";
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private DesiredNetworkPolicy() {}

    /** Both policies, in the order they should be applied (deny first: a window of allow-all never exists). */
    public static List<NetworkPolicy> of(Workspace workspace) {
        return List.of(defaultDeny(workspace), allowNamespaceAndDns(workspace));
    }

    public static NetworkPolicy defaultDeny(Workspace workspace) {
        return new NetworkPolicyBuilder()
                .withMetadata(WorkspaceObjects.childMeta(workspace, DEFAULT_DENY))
                .withNewSpec()
                .withNewPodSelector()
                .endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .endSpec()
                .build();
    }

    public static NetworkPolicy allowNamespaceAndDns(Workspace workspace) {
        var sameNamespace = new NetworkPolicyPeerBuilder()
                .withNewPodSelector()
                .endPodSelector()
                .build();
        var kubeSystem = new NetworkPolicyPeerBuilder()
                .withNewNamespaceSelector()
                .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, "kube-system"))
                .endNamespaceSelector()
                .build();
        return new NetworkPolicyBuilder()
                .withMetadata(WorkspaceObjects.childMeta(workspace, ALLOW_NAMESPACE_AND_DNS))
                .withNewSpec()
                .withNewPodSelector()
                .endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .addNewIngress()
                .withFrom(sameNamespace)
                .endIngress()
                .addNewEgress()
                .withTo(sameNamespace)
                .endEgress()
                .addNewEgress()
                .withTo(kubeSystem)
                .withPorts(dns("UDP"), dns("TCP"))
                .endEgress()
                .endSpec()
                .build();
    }

    private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort dns(String protocol) {
        return new NetworkPolicyPortBuilder()
                .withProtocol(protocol)
                .withPort(new IntOrString(53))
                .build();
    }
}
