package io.sealcloud.accounts.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;

class DesiredNetworkPolicyTest {

    @Test
    void deniesAllIngressAndEgressOfEveryPodByDefault() {
        NetworkPolicy deny = DesiredNetworkPolicy.defaultDeny(TestWorkspaces.workspace());

        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    }

    @Test
    void allowsIngressOnlyFromPodsOfTheSameNamespace() {
        NetworkPolicy allow = DesiredNetworkPolicy.allowNamespaceAndDns(TestWorkspaces.workspace());

        assertThat(allow.getSpec().getIngress())
                .singleElement()
                .satisfies(rule -> assertThat(rule.getFrom())
                        .singleElement()
                        .satisfies(DesiredNetworkPolicyTest::isSameNamespacePeer));
    }

    @Test
    void allowsEgressToTheSameNamespaceAndDnsInKubeSystemOnly() {
        NetworkPolicy allow = DesiredNetworkPolicy.allowNamespaceAndDns(TestWorkspaces.workspace());

        assertThat(allow.getSpec().getEgress()).hasSize(2);
        assertThat(allow.getSpec().getEgress().get(0).getTo())
                .singleElement()
                .satisfies(DesiredNetworkPolicyTest::isSameNamespacePeer);
        assertThat(allow.getSpec().getEgress().get(0).getPorts()).isNullOrEmpty();

        var dns = allow.getSpec().getEgress().get(1);
        assertThat(dns.getTo()).singleElement().satisfies(peer -> {
            assertThat(peer.getPodSelector()).isNull();
            assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsExactly(java.util.Map.entry("kubernetes.io/metadata.name", "kube-system"));
        });
        assertThat(dns.getPorts())
                .extracting(NetworkPolicyPort::getProtocol, NetworkPolicyPort::getPort)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("UDP", new IntOrString(53)),
                        org.assertj.core.groups.Tuple.tuple("TCP", new IntOrString(53)));
    }

    @Test
    void appliesTheDenyPolicyBeforeTheAllowPolicy() {
        assertThat(DesiredNetworkPolicy.of(TestWorkspaces.workspace()))
                .extracting(p -> p.getMetadata().getName())
                .containsExactly(DesiredNetworkPolicy.DEFAULT_DENY, DesiredNetworkPolicy.ALLOW_NAMESPACE_AND_DNS);
    }

    @Test
    void bothPoliciesLiveInTheWorkspaceNamespaceAndAreOwnedByIt() {
        assertThat(DesiredNetworkPolicy.of(TestWorkspaces.workspace())).allSatisfy(policy -> {
            assertThat(policy.getMetadata().getNamespace()).isEqualTo("ns-" + TestWorkspaces.ID);
            assertThat(policy.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(owner -> assertThat(owner.getName()).isEqualTo(TestWorkspaces.ID));
        });
    }

    private static void isSameNamespacePeer(NetworkPolicyPeer peer) {
        // An empty pod selector without a namespace selector means "every pod in this policy's namespace".
        assertThat(peer.getPodSelector()).isNotNull();
        assertThat(peer.getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(peer.getNamespaceSelector()).isNull();
        assertThat(peer.getIpBlock()).isNull();
    }
}
