package io.sealcloud.accounts.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Suspending and resuming the workloads of a workspace, as pure functions of the live object. Suspending saves the
 * original value (replicas, or a CronJob's {@code suspend}) in an annotation on the object itself and sets the
 * suspended value; resuming puts the saved value back and removes the annotation, so the spec is exactly what it was.
 * Both are idempotent: a saved annotation is never overwritten (a second suspend, or a restart of the controller,
 * must not save the 0 it wrote), and an object without the annotation is never touched by resume. Each function
 * returns a changed copy (builders copy deeply: the argument may be an informer's cached object, never mutated), or
 * empty when the object is already as it should be.
 */
public final class WorkloadSuspension {

    /** Original {@code spec.replicas} of a Deployment or StatefulSet. */
    public static final String SAVED_REPLICAS = "accounts.sealcloud.io/suspended-replicas";

    /** Original {@code spec.suspend} of a CronJob or a Job. */
    public static final String SAVED_SUSPEND = "accounts.sealcloud.io/suspended-suspend";

    /**
     * Original {@code spec.parallelism} of a Job, on a cluster without Job suspension ({@code spec.suspend} is served
     * from Kubernetes 1.22 on; older API servers drop the field): parallelism 0 makes the job controller stop its
     * pods likewise, and keeps its completions.
     */
    public static final String SAVED_PARALLELISM = "accounts.sealcloud.io/suspended-parallelism";

    /** Saved for a field that was not set, so resuming unsets it again rather than writing the default. */
    static final String UNSET = "unset";

    private WorkloadSuspension() {}

    public static Optional<Deployment> suspend(Deployment live) {
        Deployment copy = new DeploymentBuilder(live).build();
        return suspendReplicas(
                copy,
                () -> copy.getSpec() == null ? null : copy.getSpec().getReplicas(),
                replicas -> copy.getSpec().setReplicas(replicas));
    }

    public static Optional<Deployment> resume(Deployment live) {
        Deployment copy = new DeploymentBuilder(live).build();
        return resumeReplicas(copy, replicas -> copy.getSpec().setReplicas(replicas));
    }

    public static Optional<StatefulSet> suspend(StatefulSet live) {
        StatefulSet copy = new StatefulSetBuilder(live).build();
        return suspendReplicas(
                copy,
                () -> copy.getSpec() == null ? null : copy.getSpec().getReplicas(),
                replicas -> copy.getSpec().setReplicas(replicas));
    }

    public static Optional<StatefulSet> resume(StatefulSet live) {
        StatefulSet copy = new StatefulSetBuilder(live).build();
        return resumeReplicas(copy, replicas -> copy.getSpec().setReplicas(replicas));
    }

    public static Optional<CronJob> suspend(CronJob live) {
        CronJob copy = new CronJobBuilder(live).build();
        if (copy.getSpec() == null) {
            return Optional.empty();
        }
        return suspendFlag(
                copy, copy.getSpec().getSuspend(), () -> copy.getSpec().setSuspend(true));
    }

    public static Optional<CronJob> resume(CronJob live) {
        CronJob copy = new CronJobBuilder(live).build();
        if (copy.getSpec() == null) {
            return Optional.empty();
        }
        return resumeFlag(copy, value -> copy.getSpec().setSuspend(value));
    }

    /**
     * A running Job is suspended with {@code spec.suspend = true} (the job controller deletes its active pods and
     * keeps its completions; resuming starts new pods). A Job that already finished is left alone: suspending it
     * would change nothing and resuming could not undo a completion anyway.
     */
    public static Optional<Job> suspend(Job live) {
        return suspend(live, true);
    }

    /**
     * {@link #suspend(Job)} where the cluster serves Job suspension ({@code suspendField}); elsewhere the Job's
     * parallelism is saved and set to 0 instead (see {@link #SAVED_PARALLELISM}).
     */
    public static Optional<Job> suspend(Job live, boolean suspendField) {
        Job copy = new JobBuilder(live).build();
        Map<String, String> saved = annotations(copy);
        if (copy.getSpec() == null
                || (finished(copy) && !saved.containsKey(SAVED_SUSPEND) && !saved.containsKey(SAVED_PARALLELISM))) {
            return Optional.empty();
        }
        if (suspendField) {
            return suspendFlag(
                    copy, copy.getSpec().getSuspend(), () -> copy.getSpec().setSuspend(true));
        }
        Integer parallelism = copy.getSpec().getParallelism();
        boolean changed = false;
        if (!saved.containsKey(SAVED_PARALLELISM)) {
            saved.put(SAVED_PARALLELISM, parallelism == null ? UNSET : parallelism.toString());
            changed = true;
        }
        if (parallelism == null || parallelism != 0) {
            copy.getSpec().setParallelism(0);
            changed = true;
        }
        copy.getMetadata().setAnnotations(saved);
        return changed ? Optional.of(copy) : Optional.empty();
    }

    /** Puts back what {@link #suspend(Job, boolean)} saved, whichever way it suspended. */
    public static Optional<Job> resume(Job live) {
        Job copy = new JobBuilder(live).build();
        if (copy.getSpec() == null) {
            return Optional.empty();
        }
        Map<String, String> annotations = annotations(copy);
        String parallelism = annotations.remove(SAVED_PARALLELISM);
        if (parallelism != null) {
            copy.getSpec().setParallelism(UNSET.equals(parallelism) ? null : Integer.valueOf(parallelism));
            copy.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
            return resumeFlag(copy, value -> copy.getSpec().setSuspend(value)).or(() -> Optional.of(copy));
        }
        return resumeFlag(copy, value -> copy.getSpec().setSuspend(value));
    }

    /**
     * Whether a suspended workspace must delete this Pod: one no controller owns (a "bare" Pod). Nothing can scale it
     * to zero and nothing can recreate it from a saved state, so suspension deletes it and resuming cannot bring it
     * back (documented). Pods owned by a ReplicaSet, StatefulSet, Job, ... stop with their owner instead.
     */
    public static boolean isBarePod(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        return owners == null || owners.stream().noneMatch(o -> Boolean.TRUE.equals(o.getController()));
    }

    private static boolean finished(Job job) {
        JobStatus status = job.getStatus();
        return status != null
                && status.getConditions() != null
                && status.getConditions().stream()
                        .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                                && "True".equals(c.getStatus()));
    }

    private static <T extends HasMetadata> Optional<T> suspendFlag(T copy, Boolean original, Runnable setTrue) {
        Map<String, String> annotations = annotations(copy);
        boolean changed = false;
        if (!annotations.containsKey(SAVED_SUSPEND)) {
            annotations.put(SAVED_SUSPEND, original == null ? UNSET : original.toString());
            changed = true;
        }
        if (!Boolean.TRUE.equals(original)) {
            setTrue.run();
            changed = true;
        }
        copy.getMetadata().setAnnotations(annotations);
        return changed ? Optional.of(copy) : Optional.empty();
    }

    private static <T extends HasMetadata> Optional<T> resumeFlag(T copy, Consumer<Boolean> setSuspend) {
        Map<String, String> annotations = annotations(copy);
        String saved = annotations.remove(SAVED_SUSPEND);
        if (saved == null) {
            return Optional.empty();
        }
        setSuspend.accept(UNSET.equals(saved) ? null : Boolean.valueOf(saved));
        copy.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
        return Optional.of(copy);
    }

    /** True when the object carries a saved original (it was suspended and not yet resumed). */
    public static boolean isSuspended(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations != null
                && (annotations.containsKey(SAVED_REPLICAS)
                        || annotations.containsKey(SAVED_SUSPEND)
                        || annotations.containsKey(SAVED_PARALLELISM));
    }

    private static <T extends HasMetadata> Optional<T> suspendReplicas(
            T copy, Supplier<Integer> replicas, Consumer<Integer> setReplicas) {
        if (hasNoSpec(copy)) {
            return Optional.empty();
        }
        Map<String, String> annotations = annotations(copy);
        boolean changed = false;
        Integer original = replicas.get();
        if (!annotations.containsKey(SAVED_REPLICAS)) {
            annotations.put(SAVED_REPLICAS, original == null ? UNSET : original.toString());
            changed = true;
        }
        if (original == null || original != 0) {
            setReplicas.accept(0);
            changed = true;
        }
        copy.getMetadata().setAnnotations(annotations);
        return changed ? Optional.of(copy) : Optional.empty();
    }

    private static <T extends HasMetadata> Optional<T> resumeReplicas(T copy, Consumer<Integer> setReplicas) {
        Map<String, String> annotations = annotations(copy);
        String saved = annotations.remove(SAVED_REPLICAS);
        if (saved == null || hasNoSpec(copy)) {
            return Optional.empty();
        }
        setReplicas.accept(UNSET.equals(saved) ? null : Integer.valueOf(saved));
        copy.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
        return Optional.of(copy);
    }

    private static boolean hasNoSpec(HasMetadata object) {
        if (object instanceof Deployment d) {
            return d.getSpec() == null;
        }
        if (object instanceof StatefulSet s) {
            return s.getSpec() == null;
        }
        return true;
    }

    private static Map<String, String> annotations(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? new LinkedHashMap<>() : new LinkedHashMap<>(annotations);
    }
}
