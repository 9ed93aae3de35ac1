package io.sealcloud.clusters.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.sealcloud.clusters.operator.crd.v1alpha1.NodePoolSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cluster API v1beta1 objects (with Kamaji's or kubeadm's control plane and KubeVirt machines) from a KubeCluster. */
class DesiredCapiClusterTest {

    static final NodePoolSpec WORKERS = new NodePoolSpec("workers", "standard-2", 3);

    static Map<String, GenericKubernetesResource> byKindAndName(List<GenericKubernetesResource> objects) {
        Map<String, GenericKubernetesResource> out = new java.util.LinkedHashMap<>();
        objects.forEach(o -> out.put(o.getKind() + "/" + o.getMetadata().getName(), o));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Object at(GenericKubernetesResource o, String... path) {
        Object current = o.getAdditionalProperties();
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    @Test
    void aKamajiClusterIsAClusterWithAHostedControlPlaneAndAMachineDeploymentPerPoolInTheManagementNamespace() {
        var objects = DesiredCapiCluster.of(Fixtures.cluster("capi", false, WORKERS), Fixtures.capi("kamaji"));
        var byName = byKindAndName(objects);

        assertThat(byName.keySet())
                .containsExactly(
                        "KubevirtCluster/w1-dev",
                        "KubevirtMachineTemplate/w1-dev-workers-v1-31-4",
                        "KubeadmConfigTemplate/w1-dev-workers",
                        "KamajiControlPlane/w1-dev",
                        "Cluster/w1-dev",
                        "MachineDeployment/w1-dev-workers");
        assertThat(objects).allSatisfy(o -> {
            assertThat(o.getMetadata().getNamespace()).isEqualTo("sealcloud-clusters");
            assertThat(o.getMetadata().getLabels())
                    .containsEntry("cluster.x-k8s.io/cluster-name", "w1-dev")
                    .containsEntry("clusters.sealcloud.io/cluster", "dev")
                    .containsEntry("sealcloud.io/workspace", "w1");
        });
        GenericKubernetesResource cluster = byName.get("Cluster/w1-dev");
        assertThat(cluster.getApiVersion()).isEqualTo("cluster.x-k8s.io/v1beta1");
        assertThat(at(cluster, "spec", "controlPlaneRef", "kind")).isEqualTo("KamajiControlPlane");
        assertThat(at(cluster, "spec", "controlPlaneRef", "apiVersion"))
                .isEqualTo("controlplane.cluster.x-k8s.io/v1alpha1");
        assertThat(at(cluster, "spec", "infrastructureRef", "kind")).isEqualTo("KubevirtCluster");
        GenericKubernetesResource cp = byName.get("KamajiControlPlane/w1-dev");
        assertThat(at(cp, "spec", "version")).isEqualTo("v1.31.4");
        assertThat(at(cp, "spec", "replicas")).isEqualTo(2);
        assertThat(at(cp, "spec", "dataStoreName")).isEqualTo("default");
    }

    @Test
    void aMachineDeploymentSelectsItsTemplateLabelsAndRefersToTheTemplatesItWasBuiltWith() {
        var byName =
                byKindAndName(DesiredCapiCluster.of(Fixtures.cluster("capi", false, WORKERS), Fixtures.capi("kamaji")));
        GenericKubernetesResource md = byName.get("MachineDeployment/w1-dev-workers");

        // Cluster API's MachineDeployment: clusterName, selector and template required; template.spec needs
        // clusterName, bootstrap and infrastructureRef.
        assertThat(at(md, "spec", "clusterName")).isEqualTo("w1-dev");
        assertThat(at(md, "spec", "replicas")).isEqualTo(3);
        assertThat(at(md, "spec", "selector", "matchLabels"))
                .isEqualTo(at(md, "spec", "template", "metadata", "labels"));
        assertThat(at(md, "spec", "template", "spec", "clusterName")).isEqualTo("w1-dev");
        assertThat(at(md, "spec", "template", "spec", "version")).isEqualTo("v1.31.4");
        assertThat(byName)
                .containsKey(
                        "KubeadmConfigTemplate/" + at(md, "spec", "template", "spec", "bootstrap", "configRef", "name"))
                .containsKey(
                        "KubevirtMachineTemplate/" + at(md, "spec", "template", "spec", "infrastructureRef", "name"));
    }

    @Test
    void theMachineTemplateIsSizedByTheFlavor() {
        var byName =
                byKindAndName(DesiredCapiCluster.of(Fixtures.cluster("capi", false, WORKERS), Fixtures.capi("kamaji")));
        GenericKubernetesResource template = byName.get("KubevirtMachineTemplate/w1-dev-workers-v1-31-4");

        Object domain = at(
                template, "spec", "template", "spec", "virtualMachineTemplate", "spec", "template", "spec", "domain");
        assertThat(domain.toString()).contains("cores=2").contains("guest=4Gi");
    }

    @Test
    void hibernationScalesWorkersAndAHostedControlPlaneToZero() {
        var byName =
                byKindAndName(DesiredCapiCluster.of(Fixtures.cluster("capi", true, WORKERS), Fixtures.capi("kamaji")));

        assertThat(at(byName.get("MachineDeployment/w1-dev-workers"), "spec", "replicas"))
                .isEqualTo(0);
        assertThat(at(byName.get("KamajiControlPlane/w1-dev"), "spec", "replicas"))
                .isEqualTo(0);
    }

    @Test
    void aKubeadmControlPlaneHasItsOwnMachinesAndNeverGoesBelowOneReplica() {
        var byName =
                byKindAndName(DesiredCapiCluster.of(Fixtures.cluster("capi", true, WORKERS), Fixtures.capi("kubeadm")));
        GenericKubernetesResource kcp = byName.get("KubeadmControlPlane/w1-dev");

        assertThat(kcp.getApiVersion()).isEqualTo("controlplane.cluster.x-k8s.io/v1beta1");
        assertThat(at(kcp, "spec", "replicas")).isEqualTo(2);
        assertThat(at(kcp, "spec", "version")).isEqualTo("v1.31.4");
        assertThat(at(kcp, "spec", "machineTemplate", "infrastructureRef", "name"))
                .isEqualTo("w1-dev-control-plane");
        assertThat(byName).containsKey("KubevirtMachineTemplate/w1-dev-control-plane");
        assertThat(at(byName.get("Cluster/w1-dev"), "spec", "controlPlaneRef", "kind"))
                .isEqualTo("KubeadmControlPlane");
    }

    @Test
    void anUpgradeGetsANewMachineTemplateBecauseTemplatesAreImmutable() {
        var kc = Fixtures.cluster("capi", false, WORKERS);
        kc.getSpec().setKubernetesVersion("1.32.1");
        var byName = byKindAndName(DesiredCapiCluster.of(kc, Fixtures.capi("kamaji")));

        assertThat(byName).containsKey("KubevirtMachineTemplate/w1-dev-workers-v1-32-1");
        assertThat(at(
                        byName.get("MachineDeployment/w1-dev-workers"),
                        "spec",
                        "template",
                        "spec",
                        "infrastructureRef",
                        "name"))
                .isEqualTo("w1-dev-workers-v1-32-1");
    }
}
