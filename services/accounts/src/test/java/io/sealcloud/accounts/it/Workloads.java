package io.sealcloud.accounts.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import java.time.Duration;

/**
 * Workloads as a real API server accepts them (a pod template, a selector, a job template), created and read the way
 * the cluster serves them: CronJobs are {@code batch/v1beta1} on Kubernetes 1.20 and {@code batch/v1} later; tests
 * handle them as {@code batch/v1} models either way.
 */
final class Workloads {

    private Workloads() {}

    static Deployment deployment(String ns, String name, Integer replicas) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToAnnotations("owner-note", "keep me")
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template(name, "nginx:1.27", "Always"))
                .endSpec()
                .build();
    }

    static StatefulSet statefulSet(String ns, String name, int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(name)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template(name, "postgres:16", "Always"))
                .endSpec()
                .build();
    }

    static CronJob cronJob(String ns, String name, Boolean suspend) {
        return new CronJobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withSchedule("0 3 * * *")
                .withSuspend(suspend)
                .withNewJobTemplate()
                .withNewSpec()
                .withTemplate(template(name, "busybox:1.36", "Never"))
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build();
    }

    /**
     * A Job that keeps running for the length of a test: many completions, one pod at a time (the kubelet stand-in
     * lets each pod succeed after a second).
     */
    static Job longJob(String ns, String name) {
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withCompletions(10_000)
                .withParallelism(1)
                .withTemplate(template(name, "busybox:1.36", "Never"))
                .endSpec()
                .build();
    }

    /** A pod no controller owns. */
    static Pod barePod(String ns, String name) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withSpec(template(name, "busybox:1.36", "Always").getSpec())
                .build();
    }

    /**
     * A pod a controller owns: a ConfigMap made its controller (a real owner, so the garbage collector keeps the pod,
     * and nothing scales it down).
     */
    static Pod ownedPod(KubernetesClient client, String ns, String name) {
        ConfigMap owner = client.resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(name + "-owner")
                        .withNamespace(ns)
                        .endMetadata()
                        .build())
                .create();
        Pod pod = barePod(ns, name);
        pod.getMetadata()
                .getOwnerReferences()
                .add(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("ConfigMap")
                        .withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                        .build());
        return pod;
    }

    /** Creates {@code object}; a CronJob at the version the cluster serves. */
    static void create(KubernetesClient client, HasMetadata object) {
        if (object instanceof CronJob cronJob) {
            GenericKubernetesResource served =
                    client.getKubernetesSerialization().convertValue(cronJob, GenericKubernetesResource.class);
            served.setApiVersion(cronJobVersion(client));
            client.resource(served).create();
        } else {
            client.resource(object).create();
        }
    }

    /** The CronJob as a {@code batch/v1} model, whatever version the cluster serves; null when absent. */
    static CronJob cronJob(KubernetesClient client, String ns, String name) {
        GenericKubernetesResource live = client.genericKubernetesResources(cronJobVersion(client), "CronJob")
                .inNamespace(ns)
                .withName(name)
                .get();
        return live == null ? null : client.getKubernetesSerialization().convertValue(live, CronJob.class);
    }

    static java.util.List<GenericKubernetesResource> cronJobs(KubernetesClient client, String ns) {
        return client.genericKubernetesResources(cronJobVersion(client), "CronJob")
                .inNamespace(ns)
                .list()
                .getItems();
    }

    static String cronJobVersion(KubernetesClient client) {
        return client.supports("batch/v1", "CronJob") ? "batch/v1" : "batch/v1beta1";
    }

    /** Whether the cluster serves Job {@code spec.suspend} (Kubernetes 1.22 on), else suspension uses parallelism. */
    static boolean jobSuspension(KubernetesClient client) {
        VersionInfo version = client.getKubernetesVersion();
        int minor = Integer.parseInt(version.getMinor().replaceAll("[^0-9].*$", ""));
        return Integer.parseInt(version.getMajor()) > 1 || minor >= 22;
    }

    /** Waits until the Deployment's or StatefulSet's pods, run by the kubelet stand-in, are ready. */
    static void awaitReady(KubernetesClient client, HasMetadata workload, int replicas) {
        String ns = workload.getMetadata().getNamespace();
        String name = workload.getMetadata().getName();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Integer ready = workload instanceof StatefulSet
                    ? client.apps()
                            .statefulSets()
                            .inNamespace(ns)
                            .withName(name)
                            .get()
                            .getStatus()
                            .getReadyReplicas()
                    : client.apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName(name)
                            .get()
                            .getStatus()
                            .getReadyReplicas();
            return (ready == null ? 0 : ready) == replicas && runningPods(client, ns, name) == replicas;
        });
    }

    /** Pods labelled {@code app=<name>} that are Running and not being deleted. */
    static long runningPods(KubernetesClient client, String ns, String app) {
        return client.pods().inNamespace(ns).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p ->
                        p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .count();
    }

    private static PodTemplateSpec template(String app, String image, String restartPolicy) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .addToLabels("app", app)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy(restartPolicy)
                .addNewContainer()
                .withName("main")
                .withImage(image)
                .endContainer()
                .endSpec()
                .build();
    }
}
