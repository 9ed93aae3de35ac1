package io.sealcloud.appstore.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sealcloud.appstore.domain.policy.GroupKind;
import io.sealcloud.appstore.domain.policy.TenantPolicy;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import io.sealcloud.appstore.operator.model.DesiredAppObjects;
import io.sealcloud.appstore.service.ServedKinds;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The objects of the app instances, found by the label {@code sealcloud.io/app-instance} in every kind an app may
 * create (the tenant policy's allowlist, plus any other kind a kept revision has) <b>that the cluster serves</b>, in
 * whichever version it serves them (discovery: Kubernetes 1.20 has CronJob only as {@code batch/v1beta1} and
 * PodDisruptionBudget only as {@code policy/v1beta1}; a kind it does not serve can have no objects).
 *
 * <p>Reconciles read them from one shared informer per kind (label-selected, all namespaces, indexed by instance), so
 * a reconcile costs no LIST at all, whatever the number of kinds and instances; the same informers wake the
 * instance whose object changed. Uninstall lists live (one label-selected LIST per kind, in the instance's
 * namespace), because a cache that has not yet seen an object created a moment ago must not let a volume claim go
 * unreleased. Objects the instance's own objects made (a Deployment's ReplicaSets and pods, a StatefulSet's claims)
 * are left to their controllers and to Kubernetes' garbage collector.
 */
@ApplicationScoped
public class InstanceObjects {

    /** Annotation on a volume claim that was kept (released from its instance) instead of deleted. */
    public static final String RETAINED = "appstore.sealcloud.io/retained";

    static final String BY_INSTANCE = "instance";
    private static final GroupKind CLAIM = new GroupKind("", "PersistentVolumeClaim");
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(InstanceObjects.class);

    private final KubernetesClient client;
    private final ServedKinds served;
    private final TenantPolicy policy;
    private final Map<GroupKind, SharedIndexInformer<GenericKubernetesResource>> informers = new ConcurrentHashMap<>();
    private volatile Consumer<String> changed = key -> {};

    public InstanceObjects(KubernetesClient client, ServedKinds served, TenantPolicy policy) {
        this.client = client;
        this.served = served;
        this.policy = policy;
    }

    /** Who to tell ({@code namespace/instance}) when an object an instance owns is added, changed or deleted. */
    public void onChange(Consumer<String> listener) {
        this.changed = listener;
    }

    /** The desired objects' kinds the cluster does not serve in the version they name (none, normally). */
    public List<ServedKinds.Lookup> notServed(List<Map<String, Object>> desired) {
        Map<String, ServedKinds.Lookup> missing = new java.util.LinkedHashMap<>();
        for (Map<String, Object> object : desired) {
            String apiVersion = String.valueOf(object.get("apiVersion"));
            String kind = String.valueOf(object.get("kind"));
            ServedKinds.Lookup lookup = served.lookup(apiVersion, kind);
            if (lookup.isNotServed()) {
                missing.putIfAbsent(apiVersion + " " + kind, lookup);
            }
        }
        return List.copyOf(missing.values());
    }

    /** A placed object as a typed resource where the client knows the kind, else a generic one. */
    public HasMetadata toResource(Map<String, Object> object) {
        var json = client.getKubernetesSerialization();
        return json.unmarshal(json.asJson(object), HasMetadata.class);
    }

    /**
     * Deletes objects of the instance that the desired set no longer has and that the instance owns (objects other
     * controllers made from our templates — a Deployment's pods, a StatefulSet's claims — are theirs to manage). Volume
     * claims are deleted only with {@code pvcPolicy=delete}; otherwise they are released (owner reference removed).
     * Reads the informers' caches: no API call unless something is to be pruned.
     */
    public void prune(AppInstance app, List<Map<String, Object>> desired, Set<String> keptKinds) {
        Set<String> wanted = new HashSet<>();
        desired.forEach(o -> wanted.add(DesiredAppObjects.identity(o)));
        String uid = app.getMetadata().getUid();
        for (GenericKubernetesResource live : cached(app, kindsOf(keptKinds))) {
            if (wanted.contains(identity(live)) || !ownedBy(live, uid)) {
                continue;
            }
            if (isClaim(live) && !app.getSpec().deletesVolumes()) {
                release(live, uid);
            } else {
                delete(live, "it is not in revision " + app.getSpec().getRevision());
            }
        }
    }

    /**
     * Deletes every object labelled with the instance; volume claims are deleted or released as {@code
     * deleteVolumes} says. Returns how many objects (not counting released claims) are still there afterwards, e.g.
     * held by finalizers of their own.
     */
    public int deleteAll(AppInstance app, Set<String> keptKinds, boolean deleteVolumes) {
        String uid = app.getMetadata().getUid();
        Set<GroupKind> kinds = kindsOf(keptKinds);
        for (GenericKubernetesResource live : live(app, kinds)) {
            if (isClaim(live) && !deleteVolumes) {
                release(live, uid);
            } else if (live.getMetadata().getDeletionTimestamp() == null) {
                delete(live, "the app is uninstalled");
            }
        }
        int remaining = 0;
        for (GenericKubernetesResource live : live(app, kinds)) {
            boolean retained = isClaim(live) && !deleteVolumes;
            if (!retained) {
                remaining++;
            }
        }
        return remaining;
    }

    /**
     * The instance's objects from the informers' caches, in every served kind of {@code kinds} and the allowlist; the
     * first call for a kind starts its informer and waits until it has synced.
     */
    List<GenericKubernetesResource> cached(AppInstance app, Set<GroupKind> kinds) {
        String key = app.getMetadata().getNamespace() + "/" + app.getMetadata().getName();
        List<GenericKubernetesResource> found = new ArrayList<>();
        for (SharedIndexInformer<GenericKubernetesResource> informer : watch(kinds)) {
            found.addAll(informer.getIndexer().byIndex(BY_INSTANCE, key));
        }
        return found;
    }

    /** The instance's objects as the API server has them now: one label-selected LIST per served kind. */
    List<GenericKubernetesResource> live(AppInstance app, Set<GroupKind> kinds) {
        String namespace = app.getMetadata().getNamespace();
        String name = app.getMetadata().getName();
        List<GenericKubernetesResource> found = new ArrayList<>();
        for (ServedKinds.Served kind : servedKinds(kinds)) {
            try {
                found.addAll(client.genericKubernetesResources(kind.context())
                        .inNamespace(namespace)
                        .withLabel(TenantPolicy.INSTANCE_LABEL, name)
                        .list()
                        .getItems());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
                // Served a moment ago, not any more (its CRD is gone): nothing of it can exist.
            }
        }
        return found;
    }

    /**
     * Starts (once per kind) the informers of the served kinds among {@code extra} and the allowlist, and waits for
     * their caches; returns every running one.
     */
    Collection<SharedIndexInformer<GenericKubernetesResource>> watch(Set<GroupKind> extra) {
        for (ServedKinds.Served kind : servedKinds(extra)) {
            if (!informers.containsKey(kind.groupKind())) {
                startInformer(kind);
            }
        }
        return informers.values();
    }

    @PreDestroy
    void stop() {
        informers.values().forEach(SharedIndexInformer::close);
        informers.clear();
    }

    private synchronized void startInformer(ServedKinds.Served kind) {
        if (informers.containsKey(kind.groupKind())) {
            return;
        }
        SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(kind.context())
                .inAnyNamespace()
                .withLabel(TenantPolicy.INSTANCE_LABEL)
                .runnableInformer(0);
        informer.addIndexers(Map.of(BY_INSTANCE, object -> {
            String instance = instanceOf(object);
            return instance == null ? List.of() : List.of(object.getMetadata().getNamespace() + "/" + instance);
        }));
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                wake(obj);
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                if (!oldObj.getMetadata()
                        .getResourceVersion()
                        .equals(newObj.getMetadata().getResourceVersion())) {
                    wake(newObj);
                }
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                wake(obj);
            }
        });
        informer.exceptionHandler((started, t) -> {
            LOG.warnf("Informer for %s failed, retrying: %s", kind.groupKind(), t.getMessage());
            return true;
        });
        try {
            informer.start().toCompletableFuture().get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            informer.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            informer.close();
            throw new IllegalStateException("The informer for " + kind.groupKind() + " did not sync", e);
        }
        informers.put(kind.groupKind(), informer);
        LOG.debugf("Watching %s (%s) labelled %s", kind.groupKind(), kind.apiVersion(), TenantPolicy.INSTANCE_LABEL);
    }

    /** Only the instance's own objects wake it (an owner reference to an AppInstance), not the pods they make. */
    private void wake(GenericKubernetesResource object) {
        String instance = instanceOf(object);
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        boolean direct = refs != null && refs.stream().anyMatch(r -> "AppInstance".equals(r.getKind()));
        if (instance != null && direct) {
            changed.accept(object.getMetadata().getNamespace() + "/" + instance);
        }
    }

    private static String instanceOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String instance = labels == null ? null : labels.get(TenantPolicy.INSTANCE_LABEL);
        return instance == null || instance.isEmpty() ? null : instance;
    }

    /** The allowlist and {@code extra}, each in a version the cluster serves; kinds it does not serve are left out. */
    private List<ServedKinds.Served> servedKinds(Set<GroupKind> extra) {
        Set<GroupKind> all = new LinkedHashSet<>(policy.allowed());
        all.addAll(extra);
        List<ServedKinds.Served> out = new ArrayList<>();
        for (GroupKind kind : all) {
            Optional<ServedKinds.Served> found = served.anyVersion(kind);
            if (found.isPresent() && found.get().namespaced()) {
                out.add(found.get());
            }
        }
        return out;
    }

    private static Set<GroupKind> kindsOf(Set<String> apiVersionKinds) {
        Set<GroupKind> kinds = new HashSet<>();
        for (String apiVersionKind : apiVersionKinds) {
            String[] parts = apiVersionKind.split("\\|", 2);
            if (parts.length == 2) {
                kinds.add(GroupKind.of(parts[0], parts[1]));
            }
        }
        return kinds;
    }

    private void delete(GenericKubernetesResource live, String why) {
        LOG.infof(
                "Deleting %s %s/%s: %s",
                live.getKind(),
                live.getMetadata().getNamespace(),
                live.getMetadata().getName(),
                why);
        Optional<ServedKinds.Served> kind = served.anyVersion(GroupKind.of(live.getApiVersion(), live.getKind()));
        if (kind.isEmpty()) {
            return; // no longer served: nothing of it exists any more
        }
        // Background propagation: the garbage collector removes what the object itself owns (ReplicaSets, pods).
        client.genericKubernetesResources(kind.get().context())
                .inNamespace(live.getMetadata().getNamespace())
                .withName(live.getMetadata().getName())
                .delete();
    }

    /** Keeps a volume claim: no owner reference to the instance any more (nothing will collect it), marked retained. */
    private void release(GenericKubernetesResource claim, String uid) {
        boolean owned = ownedBy(claim, uid);
        boolean marked = claim.getMetadata().getAnnotations() != null
                && "true".equals(claim.getMetadata().getAnnotations().get(RETAINED));
        if (!owned && marked) {
            return;
        }
        LOG.infof(
                "Keeping PersistentVolumeClaim %s/%s (released from its app)",
                claim.getMetadata().getNamespace(), claim.getMetadata().getName());
        client.persistentVolumeClaims()
                .inNamespace(claim.getMetadata().getNamespace())
                .withName(claim.getMetadata().getName())
                .edit(c -> {
                    List<OwnerReference> refs = c.getMetadata().getOwnerReferences() == null
                            ? new ArrayList<>()
                            : new ArrayList<>(c.getMetadata().getOwnerReferences());
                    refs.removeIf(ref -> uid.equals(ref.getUid()));
                    c.getMetadata().setOwnerReferences(refs);
                    Map<String, String> annotations = c.getMetadata().getAnnotations() == null
                            ? new HashMap<>()
                            : new HashMap<>(c.getMetadata().getAnnotations());
                    annotations.put(RETAINED, "true");
                    c.getMetadata().setAnnotations(annotations);
                    return c;
                });
    }

    private static boolean isClaim(HasMetadata object) {
        return CLAIM.equals(GroupKind.of(object.getApiVersion(), object.getKind()));
    }

    private static boolean ownedBy(HasMetadata object, String uid) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        return refs != null && refs.stream().anyMatch(ref -> uid.equals(ref.getUid()));
    }

    static String identity(HasMetadata object) {
        String apiVersion = object.getApiVersion();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return group + "/" + object.getKind() + "/" + object.getMetadata().getName();
    }
}
