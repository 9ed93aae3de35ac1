package io.sealcloud.testkit;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * <b>A stand-in for the kubelet</b> (in the spirit of KWOK), for tests and the local platform only: nothing here runs a
 * container. The control plane has no kubelet and no container runtime, so without this pods stay {@code Pending} and
 * deleted pods stay {@code Terminating} forever.
 *
 * <p>What it does, level-triggered from an informer on every pod and claim:
 *
 * <ul>
 *   <li>registers one Node with generous capacity and {@code Ready=True};
 *   <li>binds every unscheduled pod of the default scheduler to that Node (the {@code pods/binding} subresource, as
 *       the scheduler does); a pod that names another {@code schedulerName} stays unscheduled;
 *   <li>reports a bound pod {@code Running} and {@code Ready} with a fake pod IP and running container statuses, after
 *       {@code startDelay}; a pod whose restartPolicy is not {@code Always} (Jobs) then {@code Succeeded} with exit code
 *       0 after {@code runTime};
 *   <li>finishes the graceful deletion of a pod on its Node (what the kubelet confirms after stopping containers);
 *   <li>reports every pending PersistentVolumeClaim {@code Bound} with its requested capacity (no volume exists).
 * </ul>
 */
public final class KubeletStandIn implements AutoCloseable {

    /** The name of the Node it registers. */
    public static final String NODE = "sealcloud-standin-node";

    private static final Logger LOG = Logger.getLogger(KubeletStandIn.class);
    private static final String STAND_IN_IMAGE_ID = "sealcloud-kubelet-stand-in://no-container";

    private final KubernetesClient client;
    private final long startDelayMillis;
    private final long jobRunMillis;
    private final ScheduledExecutorService worker;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ips = new AtomicInteger(1);
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    private KubeletStandIn(KubernetesClient client, long startDelayMillis, long jobRunMillis) {
        this.client = client;
        this.startDelayMillis = startDelayMillis;
        this.jobRunMillis = jobRunMillis;
        this.worker = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "kubelet-stand-in");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Registers the Node and starts binding and running pods with an admin client. Pods turn Running about {@code
     * startDelayMillis} after they are bound; run-to-completion pods succeed {@code jobRunMillis} after that.
     */
    public static KubeletStandIn start(KubernetesClient client, long startDelayMillis, long jobRunMillis) {
        KubeletStandIn standIn = new KubeletStandIn(client, startDelayMillis, jobRunMillis);
        standIn.registerNode();
        standIn.informers.add(client.pods().inAnyNamespace().inform(standIn.handler(standIn::pod)));
        standIn.informers.add(client.persistentVolumeClaims().inAnyNamespace().inform(standIn.handler(standIn::claim)));
        LOG.infof("Kubelet stand-in registered Node %s (no containers run)", NODE);
        return standIn;
    }

    /** Starts with a 200 ms start delay and 1 s job runs. */
    public static KubeletStandIn start(KubernetesClient client) {
        return start(client, 200, 1000);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        worker.shutdownNow();
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> ResourceEventHandler<T> handler(
            java.util.function.Consumer<T> step) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                schedule(obj, step, 0);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                schedule(newObj, step, 0);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
        };
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> void schedule(
            T obj, java.util.function.Consumer<T> step, long delayMillis) {
        String key = obj.getKind() + "/" + obj.getMetadata().getNamespace() + "/"
                + obj.getMetadata().getName();
        if (!queued.add(key)) {
            return;
        }
        worker.schedule(
                () -> {
                    queued.remove(key);
                    try {
                        step.accept(obj);
                    } catch (KubernetesClientException e) {
                        // 404 (gone meanwhile) and 409 (newer version) are settled by the next event; anything else
                        // is retried shortly, level-triggered.
                        if (e.getCode() != 404 && e.getCode() != 409) {
                            LOG.debugf("Kubelet stand-in: %s failed (%s), retrying", key, e.getMessage());
                        }
                        if (e.getCode() != 404) {
                            schedule(obj, step, 500);
                        }
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "Kubelet stand-in: %s failed, retrying", key);
                        schedule(obj, step, 1000);
                    }
                },
                delayMillis,
                TimeUnit.MILLISECONDS);
    }

    private void registerNode() {
        Map<String, Quantity> capacity = Map.of(
                "cpu", new Quantity("64"),
                "memory", new Quantity("256Gi"),
                "pods", new Quantity("1000"),
                "ephemeral-storage", new Quantity("1Ti"));
        Node node = new NodeBuilder()
                .withNewMetadata()
                .withName(NODE)
                .addToLabels("kubernetes.io/hostname", NODE)
                .addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubernetes.io/arch", "amd64")
                .addToLabels("sealcloud.io/kubelet-stand-in", "true")
                .endMetadata()
                .withNewStatus()
                .withCapacity(capacity)
                .withAllocatable(capacity)
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .withReason("KubeletStandIn")
                .withMessage("sealcloud kubelet stand-in: no containers run")
                .withLastHeartbeatTime(now())
                .withLastTransitionTime(now())
                .endCondition()
                .addNewAddress()
                .withType("InternalIP")
                .withAddress("127.0.0.1")
                .endAddress()
                .withNewNodeInfo()
                .withKubeletVersion("v" + KubernetesControlPlane.VERSION + "-stand-in")
                .withOperatingSystem("linux")
                .withArchitecture("amd64")
                .withContainerRuntimeVersion("none://stand-in")
                .endNodeInfo()
                .endStatus()
                .build();
        if (client.nodes().withName(NODE).get() == null) {
            client.nodes().resource(node).create();
        }
    }

    private void pod(Pod seen) {
        Pod pod = client.pods()
                .inNamespace(seen.getMetadata().getNamespace())
                .withName(seen.getMetadata().getName())
                .get();
        if (pod == null) {
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            if (NODE.equals(pod.getSpec().getNodeName())) {
                // The kubelet confirms a graceful deletion once the containers are stopped; here there are none.
                client.pods().resource(pod).withGracePeriod(0).delete();
            }
            return;
        }
        if (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
            // Like the default scheduler: a pod that asks for another scheduler is not ours to bind.
            String scheduler = pod.getSpec().getSchedulerName();
            if (scheduler == null || scheduler.isEmpty() || "default-scheduler".equals(scheduler)) {
                bind(pod);
            }
            return;
        }
        if (!NODE.equals(pod.getSpec().getNodeName())) {
            return;
        }
        if (phase == null || "Pending".equals(phase)) {
            long age = pod.getMetadata().getCreationTimestamp() == null
                    ? startDelayMillis
                    : Instant.now().toEpochMilli()
                            - Instant.parse(pod.getMetadata().getCreationTimestamp())
                                    .toEpochMilli();
            if (age < startDelayMillis) {
                schedule(pod, this::pod, startDelayMillis - age);
                return;
            }
            run(pod);
            if (!"Always".equals(pod.getSpec().getRestartPolicy())) {
                schedule(pod, this::pod, jobRunMillis);
            }
        } else if ("Running".equals(phase) && !"Always".equals(pod.getSpec().getRestartPolicy())) {
            Instant started = pod.getStatus().getStartTime() == null
                    ? Instant.now()
                    : Instant.parse(pod.getStatus().getStartTime());
            long ran = Instant.now().toEpochMilli() - started.toEpochMilli();
            if (ran < jobRunMillis) {
                schedule(pod, this::pod, jobRunMillis - ran);
                return;
            }
            succeed(pod);
        }
    }

    private void bind(Pod pod) {
        Binding binding = new BindingBuilder()
                .withNewMetadata()
                .withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace())
                .endMetadata()
                .withNewTarget()
                .withKind("Node")
                .withApiVersion("v1")
                .withName(NODE)
                .endTarget()
                .build();
        client.bindings()
                .inNamespace(pod.getMetadata().getNamespace())
                .resource(binding)
                .create();
    }

    private void run(Pod pod) {
        String now = now();
        int n = ips.getAndIncrement();
        List<ContainerStatus> containers = pod.getSpec().getContainers().stream()
                .map(c -> new ContainerStatusBuilder()
                        .withName(c.getName())
                        .withImage(c.getImage())
                        .withImageID(STAND_IN_IMAGE_ID)
                        .withContainerID("stand-in://" + pod.getMetadata().getUid() + "/" + c.getName())
                        .withReady(true)
                        .withStarted(true)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt(now)
                        .endRunning()
                        .endState()
                        .build())
                .toList();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder(pod.getStatus())
                .withPhase("Running")
                .withHostIP("127.0.0.1")
                .withPodIP("10.244." + ((n >> 8) & 0xff) + "." + (n & 0xff))
                .withStartTime(now)
                .withConditions(conditions(now, true))
                .withContainerStatuses(containers)
                .build());
        client.pods().resource(pod).updateStatus();
        LOG.debugf(
                "Kubelet stand-in: pod %s/%s Running",
                pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    }

    private void succeed(Pod pod) {
        String now = now();
        List<ContainerStatus> containers = pod.getSpec().getContainers().stream()
                .map(c -> new ContainerStatusBuilder()
                        .withName(c.getName())
                        .withImage(c.getImage())
                        .withImageID(STAND_IN_IMAGE_ID)
                        .withReady(false)
                        .withStarted(false)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(0)
                        .withReason("Completed")
                        .withFinishedAt(now)
                        .withStartedAt(pod.getStatus().getStartTime())
                        .endTerminated()
                        .endState()
                        .build())
                .toList();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder(pod.getStatus())
                .withPhase("Succeeded")
                .withConditions(conditions(now, false))
                .withContainerStatuses(containers)
                .build());
        client.pods().resource(pod).updateStatus();
    }

    private void claim(PersistentVolumeClaim seen) {
        PersistentVolumeClaim claim = client.persistentVolumeClaims()
                .inNamespace(seen.getMetadata().getNamespace())
                .withName(seen.getMetadata().getName())
                .get();
        if (claim == null
                || claim.getMetadata().getDeletionTimestamp() != null
                || (claim.getStatus() != null
                        && "Bound".equals(claim.getStatus().getPhase()))) {
            return;
        }
        Map<String, Quantity> requested = claim.getSpec().getResources() == null
                ? Map.of()
                : claim.getSpec().getResources().getRequests();
        claim.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder()
                .withPhase("Bound")
                .withAccessModes(claim.getSpec().getAccessModes())
                .withCapacity(requested)
                .build());
        client.persistentVolumeClaims().resource(claim).updateStatus();
    }

    private static List<PodCondition> conditions(String now, boolean ready) {
        List<PodCondition> out = new ArrayList<>();
        for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")) {
            boolean status = ready || type.equals("PodScheduled") || type.equals("Initialized");
            out.add(new PodConditionBuilder()
                    .withType(type)
                    .withStatus(status ? "True" : "False")
                    .withReason(status ? null : "PodCompleted")
                    .withLastTransitionTime(now)
                    .build());
        }
        return out;
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
