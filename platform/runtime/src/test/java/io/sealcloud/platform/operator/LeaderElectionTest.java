package io.sealcloud.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sealcloud.testkit.ControlPlaneTestResource;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of one service competing for a real {@code coordination.k8s.io/v1} Lease on the real API server
 * (testkit's control plane): resourceVersion conflicts between the replicas' renewals are the API server's.
 */
class LeaderElectionTest {

    private static final Duration GUARD = Duration.ofSeconds(60);

    private static KubernetesClient client;
    private final List<LeaderElection> elections = new CopyOnWriteArrayList<>();
    /** A Lease of its own per test: the control plane outlives the test, as a real cluster would. */
    private final String leaseName =
            "sealcloud-test-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void connect() {
        client = ControlPlaneTestResource.adminClient();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @AfterEach
    void tearDown() {
        elections.forEach(LeaderElection::close);
    }

    @Test
    void oneReplicaLeadsWhileTheOtherWaitsAndTakesOverWhenTheLeaderStops() {
        Controller<ConfigMap> controllerA = controller();
        Controller<ConfigMap> controllerB = controller();
        LeaderElection a = election("replica-a", true, controllerA);
        LeaderElection b = election("replica-b", true, controllerB);

        a.start();
        await().atMost(GUARD).until(() -> a.isLeader() && controllerA.isRunning());
        b.start();
        await().atMost(GUARD).until(() -> b.observedLeader().equals(Optional.of("replica-a")));

        assertThat(b.isLeader()).isFalse();
        assertThat(controllerB.isRunning()).isFalse();
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("replica-a");

        a.stop();

        assertThat(controllerA.isRunning()).isFalse();
        await().atMost(GUARD).until(() -> b.isLeader() && controllerB.isRunning());
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("replica-b");
    }

    @Test
    void aLeaderThatLosesItsLeaseStopsItsControllers() {
        Controller<ConfigMap> controller = controller();
        LeaderElection a = election("replica-a", true, controller);
        a.start();
        await().atMost(GUARD).until(() -> a.isLeader() && controller.isRunning());

        // Another holder takes the Lease over (as after a long GC pause of ours), for a long time. The edit is a
        // read-then-write: when a renewal of ours lands in between it gets a 409, and is tried again.
        await().atMost(GUARD).ignoreExceptions().until(() -> {
            client.resource(lease()).edit(lease -> {
                lease.getSpec().setHolderIdentity("intruder");
                lease.getSpec().setLeaseDurationSeconds(3600);
                lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
                return lease;
            });
            return true;
        });

        await().atMost(GUARD).until(() -> !a.isLeader() && !controller.isRunning());
        assertThat(a.observedLeader()).contains("intruder");
    }

    @Test
    void startsControllersRegisteredAfterLeadershipWasWon() {
        LeaderElection a = election("replica-a", true);
        a.start();
        await().atMost(GUARD).until(a::isLeader);
        Controller<ConfigMap> late = controller();

        a.register(late);

        await().atMost(GUARD).until(late::isRunning);
    }

    @Test
    void runsControllersWithoutALeaseWhenElectionIsDisabled() {
        Controller<ConfigMap> controller = controller();
        LeaderElection a = election("replica-a", false, controller);

        a.start();

        await().atMost(GUARD).until(controller::isRunning);
        assertThat(a.isLeader()).isTrue();
        assertThat(client.leases().inNamespace("default").withName(leaseName).get())
                .isNull();
    }

    private LeaderElection election(String identity, boolean enabled, Controller<?>... controllers) {
        LeaderElection election = new LeaderElection(
                client,
                new LeaderElection.Settings(
                        enabled,
                        leaseName,
                        "default",
                        identity,
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(3),
                        Duration.ofMillis(250)));
        for (Controller<?> controller : controllers) {
            election.register(controller);
        }
        elections.add(election);
        return election;
    }

    private Controller<ConfigMap> controller() {
        return Controller.builder(client, ConfigMap.class, cm -> ReconcileResult.done())
                .metrics(new SimpleMeterRegistry(), "test")
                .build();
    }

    private Lease lease() {
        return client.leases().inNamespace("default").withName(leaseName).get();
    }
}
