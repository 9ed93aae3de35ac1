package io.sealcloud.platform.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Runs a {@link Reconciler} for one kind on fabric8 shared informers: events and periodic resyncs enqueue {@code
 * namespace/name} keys into a {@link WorkQueue}; worker threads take keys, read the latest object from the informer
 * cache and reconcile it. Secondary kinds (children) can be watched and mapped to their owner's key, so that deleting
 * a child reconciles the owner at once.
 *
 * <p>Restartable: {@link #start()} builds fresh informers, queue and workers; {@link #stop()} tears them down. {@link
 * LeaderElection} starts and stops controllers with leadership. A service declares one as a CDI bean (see {@link
 * Controllers}); the platform starts it.
 *
 * @param <R> the primary kind
 */
public final class Controller<R extends HasMetadata> {

    private static final Logger LOG = Logger.getLogger(Controller.class);

    private final String name;
    private final Class<R> type;
    private final String kind;
    private final boolean clusterScoped;
    private final KubernetesClient client;
    private final Reconciler<R> reconciler;
    private final String namespace;
    private final Duration resyncPeriod;
    private final int workers;
    private final WorkQueue.Backoff backoff;
    private final Duration stopTimeout;
    private final List<Secondary<?>> secondaries;
    private final MeterRegistry registry;
    private final String metricPrefix;
    private final Timer queueWait;
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private volatile Run run;

    private record Secondary<S extends HasMetadata>(
            Class<S> type, String label, Function<S, Collection<String>> ownerKeys) {}

    private Controller(Builder<R> b) {
        this.type = b.type;
        this.kind = HasMetadata.getKind(b.type);
        this.name = b.name != null ? b.name : kind.toLowerCase(java.util.Locale.ROOT);
        this.clusterScoped = !Namespaced.class.isAssignableFrom(b.type);
        this.client = b.client;
        this.reconciler = b.reconciler;
        this.namespace = b.namespace;
        this.resyncPeriod = b.resyncPeriod;
        this.workers = b.workers;
        this.backoff = b.backoff;
        this.stopTimeout = b.stopTimeout;
        this.secondaries = List.copyOf(b.secondaries);
        this.registry = b.registry;
        this.metricPrefix = "sealcloud." + b.serviceName + ".reconcile";
        this.queueWait = Timer.builder(metricPrefix + ".queue.wait")
                .description("Time a key waited in the work queue before a worker took it")
                .tag("kind", kind)
                .register(registry);
        Gauge.builder(metricPrefix + ".queue.depth", this, Controller::queueDepth)
                .description("Keys ready in the work queue")
                .tag("kind", kind)
                .strongReference(true)
                .register(registry);
    }

    /** A builder for plain use; in a service prefer {@link Controllers#builder}, which fills in client and config. */
    public static <R extends HasMetadata> Builder<R> builder(
            KubernetesClient client, Class<R> type, Reconciler<R> reconciler) {
        return new Builder<>(client, type, reconciler);
    }

    /** The informer cache key of an object: {@code namespace/name}, or {@code name} when cluster-scoped. */
    public static String keyOf(HasMetadata resource) {
        return Cache.metaNamespaceKeyFunc(resource);
    }

    /** Starts informers and, once their caches are synced, the workers. A no-op when already running. */
    public void start() {
        synchronized (lifecycle) {
            if (run != null) {
                return;
            }
            run = new Run();
            run.start();
        }
    }

    /** Stops informers and workers, waiting up to the stop timeout for running reconciles. A no-op when stopped. */
    public void stop() {
        Run current;
        synchronized (lifecycle) {
            current = run;
            run = null;
        }
        if (current != null) {
            current.stop();
        }
    }

    public boolean isRunning() {
        return run != null;
    }

    /** Whether the caches of the running controller have synced and its workers run. */
    public boolean hasSynced() {
        Run current = run;
        return current != null && current.synced.isDone() && !current.synced.isCompletedExceptionally();
    }

    /** Asks for a reconcile of {@code key} (e.g. after an event from Kafka); ignored while the controller is stopped. */
    public void enqueue(String key) {
        Run current = run;
        if (current != null) {
            current.queue.add(key);
        }
    }

    /** The cached object for {@code key} (shared with the informer: read it, never modify it). */
    public Optional<R> cached(String key) {
        Run current = run;
        return current == null
                ? Optional.empty()
                : Optional.ofNullable(current.primary.getStore().getByKey(key));
    }

    public String name() {
        return name;
    }

    public String kind() {
        return kind;
    }

    public Class<R> type() {
        return type;
    }

    private double queueDepth() {
        Run current = run;
        return current == null ? 0 : current.queue.len();
    }

    private Timer duration(String result) {
        return durations.computeIfAbsent(
                result,
                r -> Timer.builder(metricPrefix + ".duration")
                        .description("Time one reconcile took")
                        .tags("kind", kind, "result", r)
                        .register(registry));
    }

    /** One started incarnation: informers, queue and workers live and die together. */
    private final class Run {
        final WorkQueue<String> queue = new WorkQueue<>("controller-" + name, backoff);
        final List<SharedIndexInformer<?>> informers = new ArrayList<>();
        SharedIndexInformer<R> primary;
        ExecutorService pool;
        CompletableFuture<Void> synced;

        void start() {
            primary = informable(type, null).runnableInformer(resyncPeriod.toMillis());
            primary.addEventHandler(enqueueing(resource -> List.of(keyOf(resource))));
            informers.add(primary);
            for (Secondary<?> secondary : secondaries) {
                informers.add(secondaryInformer(secondary));
            }
            AtomicInteger threads = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers, runnable -> {
                Thread t = new Thread(runnable, "controller-" + name + "-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (SharedIndexInformer<?> informer : informers) {
                // Keep retrying list/watch failures (API server down, CRD not installed yet) instead of giving up.
                informer.exceptionHandler((started, t) -> {
                    LOG.warnf("Informer for %s of controller %s failed, retrying: %s", kind, name, t.getMessage());
                    return true;
                });
                starts.add(informer.start().toCompletableFuture());
            }
            // Workers wait for synced caches: before that, a missing object would look deleted.
            synced = CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
                    .thenRun(this::startWorkers);
            synced.exceptionally(t -> {
                LOG.errorf(t, "Controller %s could not start", name);
                return null;
            });
        }

        private <S extends HasMetadata> SharedIndexInformer<S> secondaryInformer(Secondary<S> secondary) {
            // Secondaries need no resync of their own: the primary's resync revisits every owner anyway.
            SharedIndexInformer<S> informer =
                    informable(secondary.type(), secondary.label()).runnableInformer(0);
            informer.addEventHandler(enqueueing(secondary.ownerKeys()));
            return informer;
        }

        private void startWorkers() {
            try {
                for (int i = 0; i < workers; i++) {
                    pool.execute(() -> work(this));
                }
                LOG.infof("Started controller %s for %s (%d workers)", name, kind, workers);
            } catch (RejectedExecutionException stoppedMeanwhile) {
                LOG.debugf("Controller %s stopped before its caches synced", name);
            }
        }

        private <S extends HasMetadata> ResourceEventHandler<S> enqueueing(Function<S, Collection<String>> keys) {
            return new ResourceEventHandler<>() {
                @Override
                public void onAdd(S obj) {
                    keys.apply(obj).forEach(queue::add);
                }

                @Override
                public void onUpdate(S oldObj, S newObj) {
                    // Resync delivers (old == new): enqueue anyway, that is the point of a resync.
                    keys.apply(newObj).forEach(queue::add);
                }

                @Override
                public void onDelete(S obj, boolean deletedFinalStateUnknown) {
                    keys.apply(obj).forEach(queue::add);
                }
            };
        }

        void stop() {
            queue.shutDown();
            informers.forEach(SharedIndexInformer::stop);
            pool.shutdown();
            try {
                if (!pool.awaitTermination(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warnf("Controller %s: reconciles still running after %s, interrupting", name, stopTimeout);
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
            LOG.infof("Stopped controller %s for %s", name, kind);
        }
    }

    private <S extends HasMetadata> Informable<S> informable(Class<S> kindType, String label) {
        MixedOperation<S, KubernetesResourceList<S>, Resource<S>> op = client.resources(kindType);
        FilterWatchListDeletable<S, KubernetesResourceList<S>, Resource<S>> scoped;
        if (!Namespaced.class.isAssignableFrom(kindType)) {
            scoped = op;
        } else if (namespace == null) {
            scoped = op.inAnyNamespace();
        } else {
            scoped = op.inNamespace(namespace);
        }
        return label == null ? scoped : scoped.withLabel(label);
    }

    private void work(Run current) {
        while (true) {
            Optional<WorkQueue.Item<String>> item;
            try {
                item = current.queue.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (item.isEmpty()) {
                return;
            }
            String key = item.get().key();
            queueWait.record(item.get().waited());
            try {
                process(current, key);
            } finally {
                current.queue.done(key);
            }
        }
    }

    private void process(Run current, String key) {
        long start = System.nanoTime();
        String result;
        try {
            R cached = current.primary.getStore().getByKey(key);
            if (cached == null) {
                reconciler.onDeleted(key);
                current.queue.forget(key);
                result = "deleted";
            } else {
                // A private copy: the cached object is shared with the informer and other readers.
                R copy = client.getKubernetesSerialization().clone(cached);
                ReconcileResult outcome = reconciler.reconcile(copy);
                current.queue.forget(key);
                if (outcome.requeueDelay().isPresent()) {
                    current.queue.addAfter(key, outcome.requeueDelay().get());
                    result = "requeue";
                } else {
                    result = "success";
                }
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            int retries = current.queue.numRequeues(key);
            LOG.warnf(e, "Reconcile of %s %s failed (retry %d)", kind, key, retries + 1);
            current.queue.addRateLimited(key);
            result = "error";
        }
        duration(result).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    /** Configures a {@link Controller}; defaults match {@link OperatorConfig}'s. */
    public static final class Builder<R extends HasMetadata> {
        private final KubernetesClient client;
        private final Class<R> type;
        private final Reconciler<R> reconciler;
        private String name;
        private String namespace;
        private Duration resyncPeriod = Duration.ofMinutes(5);
        private int workers = 2;
        private WorkQueue.Backoff backoff = WorkQueue.Backoff.DEFAULT;
        private Duration stopTimeout = Duration.ofSeconds(10);
        private MeterRegistry registry = Metrics.globalRegistry;
        private String serviceName = "unnamed";
        private final List<Secondary<?>> secondaries = new ArrayList<>();

        private Builder(KubernetesClient client, Class<R> type, Reconciler<R> reconciler) {
            this.client = Objects.requireNonNull(client, "client");
            this.type = Objects.requireNonNull(type, "type");
            this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
        }

        /** Name used in logs and thread names; defaults to the lower-cased kind. */
        public Builder<R> name(String name) {
            this.name = name;
            return this;
        }

        /** Watch one namespace only (primary and namespaced secondaries); default: all namespaces. */
        public Builder<R> inNamespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        public Builder<R> resyncPeriod(Duration resyncPeriod) {
            if (resyncPeriod.isNegative()) {
                throw new IllegalArgumentException("resync period must not be negative: " + resyncPeriod);
            }
            this.resyncPeriod = resyncPeriod;
            return this;
        }

        public Builder<R> workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("a controller needs at least one worker: " + workers);
            }
            this.workers = workers;
            return this;
        }

        public Builder<R> backoff(WorkQueue.Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** How long {@link Controller#stop()} waits for running reconciles before interrupting them. */
        public Builder<R> stopTimeout(Duration stopTimeout) {
            this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
            return this;
        }

        /** Registry and service name for {@code sealcloud_<service>_reconcile_*} metrics. */
        public Builder<R> metrics(MeterRegistry registry, String serviceName) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
            return this;
        }

        /** Watches every object of a secondary kind; {@code ownerKeys} maps one to the primary keys to reconcile. */
        public <S extends HasMetadata> Builder<R> watch(Class<S> kind, Function<S, Collection<String>> ownerKeys) {
            return watch(kind, null, ownerKeys);
        }

        /** Like {@link #watch(Class, Function)}, for objects carrying {@code label} only (a server-side filter). */
        public <S extends HasMetadata> Builder<R> watch(
                Class<S> kind, String label, Function<S, Collection<String>> ownerKeys) {
            secondaries.add(new Secondary<>(kind, label, Objects.requireNonNull(ownerKeys, "ownerKeys")));
            return this;
        }

        /**
         * Watches a secondary kind whose {@code label} names its owner, e.g. Namespaces labelled {@code
         * sealcloud.io/workspace=<workspace>} owned by the cluster-scoped Workspace of that name. For a namespaced
         * primary the owner is looked up in the child's namespace.
         */
        public <S extends HasMetadata> Builder<R> watchLabeled(Class<S> kind, String label) {
            boolean primaryClusterScoped = !Namespaced.class.isAssignableFrom(type);
            return watch(kind, label, child -> {
                String owner = child.getMetadata().getLabels() == null
                        ? null
                        : child.getMetadata().getLabels().get(label);
                if (owner == null || owner.isEmpty()) {
                    return List.of();
                }
                if (primaryClusterScoped) {
                    return List.of(owner);
                }
                String ns = child.getMetadata().getNamespace();
                return ns == null ? List.of() : List.of(ns + "/" + owner);
            });
        }

        /**
         * Watches a secondary kind and maps it through its ownerReferences of the primary kind (same API group). A
         * namespaced owner is looked up in the child's namespace, as Kubernetes requires.
         */
        public <S extends HasMetadata> Builder<R> watchOwned(Class<S> kind) {
            String ownerKind = HasMetadata.getKind(type);
            String ownerGroup = Objects.toString(HasMetadata.getGroup(type), "");
            boolean primaryClusterScoped = !Namespaced.class.isAssignableFrom(type);
            return watch(kind, null, child -> {
                List<OwnerReference> refs = child.getMetadata().getOwnerReferences();
                if (refs == null) {
                    return List.of();
                }
                List<String> keys = new ArrayList<>();
                for (OwnerReference ref : refs) {
                    if (ownerKind.equals(ref.getKind()) && ownerGroup.equals(groupOf(ref.getApiVersion()))) {
                        String ns = child.getMetadata().getNamespace();
                        if (primaryClusterScoped) {
                            keys.add(ref.getName());
                        } else if (ns != null) {
                            keys.add(ns + "/" + ref.getName());
                        }
                    }
                }
                return keys;
            });
        }

        private static String groupOf(String apiVersion) {
            if (apiVersion == null) {
                return "";
            }
            int slash = apiVersion.indexOf('/');
            return slash < 0 ? "" : apiVersion.substring(0, slash);
        }

        public Controller<R> build() {
            return new Controller<>(this);
        }
    }
}
