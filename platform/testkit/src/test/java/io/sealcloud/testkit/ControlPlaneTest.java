package io.sealcloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real control plane does what Kubernetes does (the mock API server does none of this): RBAC decided by the API
 * server, TokenRequest, quota admission, controllers making pods, the kubelet stand-in running them, garbage
 * collection and namespace deletion.
 */
class ControlPlaneTest {

    private static KubernetesClient admin;
    private static KubeletStandIn kubelet;

    @BeforeAll
    static void start() {
        admin = ControlPlaneTestResource.adminClient();
        kubelet = KubeletStandIn.start(ControlPlaneTestResource.adminClient());
    }

    @AfterAll
    static void stop() {
        kubelet.close();
        admin.close();
    }

    @Test
    void aUserWithoutBindingsIsForbiddenByTheApiServer() {
        String ns = namespace();
        try (KubernetesClient mallory = ControlPlaneTestResource.clientAs("mallory", "system:authenticated")) {
            assertThatThrownBy(() -> mallory.pods().inNamespace(ns).list())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode())
                            .isEqualTo(403));
        }
    }

    @Test
    void aServiceAccountTokenIsAuthorizedByItsRoleBindingOnly() {
        String ns = namespace();
        String other = namespace();
        admin.serviceAccounts()
                .inNamespace(ns)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("reader")
                        .endMetadata()
                        .build())
                .create();
        admin.rbac()
                .roleBindings()
                .inNamespace(ns)
                .resource(new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("reader-view")
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view")
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName("reader")
                        .withNamespace(ns)
                        .endSubject()
                        .build())
                .create();
        String token = ControlPlaneTestResource.serviceAccountToken(ns, "reader");
        try (KubernetesClient reader = ControlPlaneTestResource.clientWithToken(token)) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(
                                    reader.pods().inNamespace(ns).list().getItems())
                            .isEmpty());
            assertThatThrownBy(() -> reader.pods().inNamespace(other).list())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode())
                            .isEqualTo(403));
            assertThatThrownBy(() -> reader.configMaps()
                            .inNamespace(ns)
                            .resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                                    .withNewMetadata()
                                    .withName("nope")
                                    .endMetadata()
                                    .build())
                            .create())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode())
                            .isEqualTo(403));
        }
    }

    @Test
    void aDeploymentsPodsAreScheduledAndRunByTheStandIn() {
        String ns = namespace();
        admin.apps()
                .deployments()
                .inNamespace(ns)
                .resource(deployment("web", 2))
                .create();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Deployment live =
                    admin.apps().deployments().inNamespace(ns).withName("web").get();
            assertThat(live.getStatus().getReadyReplicas()).isEqualTo(2);
        });
        List<Pod> pods = admin.pods().inNamespace(ns).list().getItems();
        assertThat(pods).hasSize(2).allSatisfy(p -> {
            assertThat(p.getSpec().getNodeName()).isEqualTo(KubeletStandIn.NODE);
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
        });
    }

    @Test
    void aJobsPodSucceedsAndTheJobCompletes() {
        String ns = namespace();
        Job job = new JobBuilder()
                .withNewMetadata()
                .withName("once")
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("main")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        admin.batch().v1().jobs().inNamespace(ns).resource(job).create();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(admin.batch()
                                .v1()
                                .jobs()
                                .inNamespace(ns)
                                .withName("once")
                                .get()
                                .getStatus()
                                .getSucceeded())
                        .isEqualTo(1));
    }

    @Test
    void quotaAdmissionRefusesWhatDoesNotFit() {
        String ns = namespace();
        admin.resourceQuotas()
                .inNamespace(ns)
                .resource(new ResourceQuotaBuilder()
                        .withNewMetadata()
                        .withName("quota")
                        .endMetadata()
                        .withNewSpec()
                        .addToHard("pods", new io.fabric8.kubernetes.api.model.Quantity("0"))
                        .endSpec()
                        .build())
                .create();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(admin.resourceQuotas()
                                .inNamespace(ns)
                                .withName("quota")
                                .get()
                                .getStatus())
                        .isNotNull());
        assertThatThrownBy(() -> admin.pods()
                        .inNamespace(ns)
                        .resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                                .withNewMetadata()
                                .withName("p")
                                .endMetadata()
                                .withNewSpec()
                                .addNewContainer()
                                .withName("c")
                                .withImage("busybox")
                                .endContainer()
                                .endSpec()
                                .build())
                        .create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("exceeded quota");
    }

    @Test
    void deletingANamespaceRemovesItsRunningPodsAndTheNamespace() {
        String ns = namespace();
        admin.apps()
                .deployments()
                .inNamespace(ns)
                .resource(deployment("app", 1))
                .create();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.pods().inNamespace(ns).list().getItems().stream()
                        .anyMatch(p -> "Running".equals(p.getStatus().getPhase())));
        admin.namespaces().withName(ns).delete();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> admin.namespaces().withName(ns).get() == null);
    }

    private static String namespace() {
        String name = "cp-" + UUID.randomUUID().toString().substring(0, 8);
        Namespace ns = new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .build();
        admin.namespaces().resource(ns).create();
        // The ServiceAccount admission plugin refuses pods until the controller made the "default" account.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.serviceAccounts()
                                .inNamespace(name)
                                .withName("default")
                                .get()
                        != null);
        return name;
    }

    private static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .withMatchLabels(Map.of("app", name))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("nginx")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
