package io.sealcloud.clusters.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** vCluster's objects (its Helm chart's shape), built from a KubeCluster without a cluster. */
class DesiredVirtualClusterTest {

    @Test
    void theControlPlaneIsAStatefulSetBehindAServiceInTheWorkspaceNamespaceOwnedByTheKubeCluster() {
        List<HasMetadata> objects = DesiredVirtualCluster.of(Fixtures.cluster("virtual", false), Fixtures.VIRTUAL);

        assertThat(objects)
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactly(
                        "ServiceAccount/vc-dev",
                        "RoleBinding/vc-dev",
                        "Secret/vc-config-dev",
                        "Service/dev",
                        "Service/dev-headless",
                        "StatefulSet/dev");
        assertThat(objects).allSatisfy(o -> {
            assertThat(o.getMetadata().getNamespace()).isEqualTo("ns-w1");
            assertThat(o.getMetadata().getLabels())
                    .containsEntry("clusters.sealcloud.io/cluster", "dev")
                    .containsEntry("sealcloud.io/workspace", "w1")
                    .containsEntry("app.kubernetes.io/managed-by", "sealcloud-clusters");
            assertThat(o.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                assertThat(ref.getKind()).isEqualTo("KubeCluster");
                assertThat(ref.getController()).isTrue();
            });
        });
        StatefulSet sts = (StatefulSet) objects.get(5);
        assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
        assertThat(sts.getSpec().getServiceName()).isEqualTo("dev-headless");
        assertThat(sts.getSpec().getSelector().getMatchLabels())
                .isEqualTo(sts.getSpec().getTemplate().getMetadata().getLabels().entrySet().stream()
                        .filter(e -> e.getKey().equals("app") || e.getKey().equals("release"))
                        .collect(java.util.stream.Collectors.toMap(e -> e.getKey(), e -> e.getValue())));
        assertThat(sts.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("vc-dev");
        assertThat(sts.getSpec()
                        .getVolumeClaimTemplates()
                        .get(0)
                        .getSpec()
                        .getResources()
                        .getRequests())
                .containsKey("storage");
        // Inside the workspace quota: every container asks and is capped.
        assertThat(sts.getSpec().getTemplate().getSpec().getContainers()).allSatisfy(c -> {
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        });
        Service service = (Service) objects.get(3);
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(443);
        assertThat(service.getSpec().getSelector()).containsEntry("release", "dev");
    }

    @Test
    void theSyncerGetsTheOpsClusterRoleBoundInItsNamespaceOnly() {
        RoleBinding binding =
                (RoleBinding) DesiredVirtualCluster.of(Fixtures.cluster("virtual", false), Fixtures.VIRTUAL)
                        .get(1);

        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo("sealcloud-vcluster");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("vc-dev");
            assertThat(s.getNamespace()).isEqualTo("ns-w1");
        });
    }

    @Test
    void theVersionIsInTheConfigAndThePodTemplateSoAnUpgradeRollsTheControlPlane() {
        var objects = DesiredVirtualCluster.of(Fixtures.cluster("virtual", false), Fixtures.VIRTUAL);
        Secret config = (Secret) objects.get(2);
        String yaml =
                new String(Base64.getDecoder().decode(config.getData().get("config.yaml")), StandardCharsets.UTF_8);
        StatefulSet sts = (StatefulSet) objects.get(5);

        assertThat(yaml).contains("tag: v1.31.4").contains("repository: registry.k8s.io/kube-apiserver");
        assertThat(sts.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("clusters.sealcloud.io/kubernetes-version", "1.31.4");
    }

    @Test
    void hibernationScalesTheControlPlaneToZeroAndKeepsEverythingElse() {
        var awake = DesiredVirtualCluster.of(Fixtures.cluster("virtual", false), Fixtures.VIRTUAL);
        var asleep = DesiredVirtualCluster.of(Fixtures.cluster("virtual", true), Fixtures.VIRTUAL);

        assertThat(((StatefulSet) asleep.get(5)).getSpec().getReplicas()).isZero();
        assertThat(asleep.subList(0, 5)).isEqualTo(awake.subList(0, 5));
        assertThat(((StatefulSet) asleep.get(5)).getSpec().getVolumeClaimTemplates())
                .isEqualTo(((StatefulSet) awake.get(5)).getSpec().getVolumeClaimTemplates());
    }
}
