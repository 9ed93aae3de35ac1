package io.sealcloud.clusters.operator.model;

import io.fabric8.kubernetes.api.model.Condition;
import io.sealcloud.clusters.operator.crd.v1alpha1.KubeCluster;
import io.sealcloud.clusters.operator.crd.v1alpha1.KubeClusterStatus;
import io.sealcloud.platform.operator.Conditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A KubeCluster's status from its engine's health: the per-step conditions as the engine reported them, aggregated
 * into {@code Ready} (every step True and awake), {@code Progressing} (working towards the spec) and {@code Degraded}
 * (the engine reports a failure), plus {@code Hibernated} and the phase. Transition times move only on a change.
 */
public final class ClusterStatusModel {

    public static final String HIBERNATED = "Hibernated";

    /** Phases that mean the cluster has run at least once (a later not-ready is an update, not provisioning). */
    private static final Set<String> HAS_RUN = Set.of("Ready", "Updating", "Hibernating", "Hibernated", "Degraded");

    private ClusterStatusModel() {}

    public static KubeClusterStatus of(KubeCluster kc, EngineHealth health, Instant now) {
        KubeClusterStatus previous = kc.getStatus() == null ? new KubeClusterStatus() : kc.getStatus();
        Long generation = kc.getMetadata().getGeneration();
        boolean hibernated = kc.getSpec().hibernated();
        List<Condition> conditions = new ArrayList<>(previous.getConditions());
        for (EngineHealth.Step step : health.steps()) {
            conditions =
                    Conditions.set(conditions, step.type(), step.ok(), step.reason(), step.message(), generation, now);
        }
        boolean ready = !hibernated && health.ready() && health.settled();
        boolean degraded = health.failure() != null;
        if (hibernated) {
            conditions = Conditions.set(
                    conditions, KubeCluster.READY, false, HIBERNATED, "the cluster is hibernated", generation, now);
        } else if (ready) {
            conditions = Conditions.set(
                    conditions, KubeCluster.READY, true, "ClusterReady", "the cluster runs as asked", generation, now);
        } else {
            EngineHealth.Step first = health.steps().stream()
                    .filter(s -> !s.ok())
                    .findFirst()
                    .orElse(new EngineHealth.Step("Engine", false, "Failed", health.failure()));
            conditions = Conditions.set(
                    conditions,
                    KubeCluster.READY,
                    false,
                    degraded ? "EngineFailed" : first.reason(),
                    degraded ? health.failure() : first.type() + ": " + first.message(),
                    generation,
                    now);
        }
        conditions = Conditions.set(
                conditions,
                KubeCluster.PROGRESSING,
                !degraded && !health.settled(),
                degraded
                        ? "EngineFailed"
                        : health.settled() ? (hibernated ? HIBERNATED : "ClusterReady") : "Reconciling",
                degraded
                        ? "the engine reports a failure"
                        : health.settled() ? "nothing left to do" : "the engine is working towards the spec",
                generation,
                now);
        conditions = Conditions.set(
                conditions,
                KubeCluster.DEGRADED,
                degraded,
                degraded ? "EngineFailed" : "NoFailure",
                degraded ? health.failure() : "the engine reports no failure",
                generation,
                now);
        conditions = Conditions.set(
                conditions,
                HIBERNATED,
                hibernated && health.settled(),
                hibernated ? (health.settled() ? HIBERNATED : "Hibernating") : "Awake",
                hibernated
                        ? (health.settled() ? "nothing runs; data kept" : "scaling to zero")
                        : "the cluster is awake",
                generation,
                now);
        KubeClusterStatus status = new KubeClusterStatus();
        status.setConditions(conditions);
        status.setObservedGeneration(generation);
        status.setPhase(phase(previous.getPhase(), hibernated, ready, degraded, health.settled()));
        status.setVersion(health.version() != null ? health.version() : previous.getVersion());
        status.setEndpoint(health.endpoint() != null ? health.endpoint() : previous.getEndpoint());
        return status;
    }

    static String phase(String previous, boolean hibernated, boolean ready, boolean degraded, boolean settled) {
        if (degraded) {
            return "Degraded";
        }
        if (hibernated) {
            return settled ? "Hibernated" : "Hibernating";
        }
        if (ready) {
            return "Ready";
        }
        return previous != null && HAS_RUN.contains(previous) ? "Updating" : "Provisioning";
    }

    /** The status while the finalizer waits for the engine's objects to go. */
    public static KubeClusterStatus deleting(KubeCluster kc, int remaining, String what, Instant now) {
        KubeClusterStatus previous = kc.getStatus() == null ? new KubeClusterStatus() : kc.getStatus();
        Long generation = kc.getMetadata().getGeneration();
        List<Condition> conditions = Conditions.set(
                previous.getConditions(),
                KubeCluster.READY,
                false,
                "Deleting",
                remaining + " engine object(s) left: " + what,
                generation,
                now);
        conditions = Conditions.set(
                conditions, KubeCluster.PROGRESSING, true, "Deleting", "waiting for the engine", generation, now);
        KubeClusterStatus status = new KubeClusterStatus();
        status.setConditions(conditions);
        status.setObservedGeneration(generation);
        status.setPhase("Deleting");
        status.setVersion(previous.getVersion());
        status.setEndpoint(previous.getEndpoint());
        return status;
    }
}
