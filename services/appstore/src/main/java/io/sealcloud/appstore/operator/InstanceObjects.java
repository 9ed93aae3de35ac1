package io.sealcloud.appstore.operator;

import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.sealcloud.appstore.domain.policy.TenantPolicy;
import io.sealcloud.appstore.operator.crd.v1alpha1.AppInstance;
import io.sealcloud.appstore.operator.model.DesiredAppObjects;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The objects of an instance in its namespace: found by the label {@code sealcloud.io/app-instance}, in every kind an
 * app may create (the built-in allowlisted kinds, plus any other kind a kept revision has, e.g. KubeBlocks clusters).
 * Pruning and uninstall delete them explicitly, because garbage collection by owner reference is not something to
 * rely on (and the test API server has none).
 */
@ApplicationScoped
public class InstanceObjects {

    /** Annotation on a volume claim that was kept (released from its instance) instead of deleted. */
    public static final String RETAINED = "appstore.sealcloud.io/retained";

    /** The built-in kinds an app may create, typed (the client knows their paths without discovery). */
    static final List<Class<? extends HasMetadata>> BUILT_IN = List.of(
            Deployment.class,
            StatefulSet.class,
            Job.class,
            CronJob.class,
            Pod.class,
            Service.class,
            Ingress.class,
            ConfigMap.class,
            Secret.class,
            ServiceAccount.class,
            Role.class,
            RoleBinding.class,
            PodDisruptionBudget.class,
            HorizontalPodAutoscaler.class,
            PersistentVolumeClaim.class);

    private static final Logger LOG = Logger.getLogger(InstanceObjects.class);

    private final KubernetesClient client;

    public InstanceObjects(KubernetesClient client) {
        this.client = client;
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
     */
    public void prune(AppInstance app, List<Map<String, Object>> desired, Set<String> keptKinds) {
        Set<String> wanted = new HashSet<>();
        desired.forEach(o -> wanted.add(DesiredAppObjects.identity(o)));
        String uid = app.getMetadata().getUid();
        for (HasMetadata live : labelled(app, keptKinds)) {
            if (wanted.contains(identity(live)) || !ownedBy(live, uid)) {
                continue;
            }
            if (live instanceof PersistentVolumeClaim && !app.getSpec().deletesVolumes()) {
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
        for (HasMetadata live : labelled(app, keptKinds)) {
            if (live instanceof PersistentVolumeClaim && !deleteVolumes) {
                release(live, uid);
            } else {
                delete(live, "the app is uninstalled");
            }
        }
        int remaining = 0;
        for (HasMetadata live : labelled(app, keptKinds)) {
            boolean retained = live instanceof PersistentVolumeClaim && !deleteVolumes;
            if (!retained) {
                remaining++;
            }
        }
        return remaining;
    }

    /** Every object of the instance's namespace labelled with the instance, in the known kinds. */
    List<HasMetadata> labelled(AppInstance app, Set<String> keptKinds) {
        String namespace = app.getMetadata().getNamespace();
        String name = app.getMetadata().getName();
        List<HasMetadata> found = new ArrayList<>();
        Set<String> typed = new HashSet<>();
        for (Class<? extends HasMetadata> kind : BUILT_IN) {
            typed.add(HasMetadata.getApiVersion(kind) + "|" + HasMetadata.getKind(kind));
            found.addAll(client.resources(kind)
                    .inNamespace(namespace)
                    .withLabel(TenantPolicy.INSTANCE_LABEL, name)
                    .list()
                    .getItems());
        }
        for (String apiVersionKind : keptKinds) {
            if (typed.contains(apiVersionKind)) {
                continue;
            }
            String[] parts = apiVersionKind.split("\\|", 2);
            try {
                found.addAll(client.genericKubernetesResources(context(parts[0], parts[1]))
                        .inNamespace(namespace)
                        .withLabel(TenantPolicy.INSTANCE_LABEL, name)
                        .list()
                        .getItems());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
                // The kind is not served (its CRD is gone): nothing of it can exist.
            }
        }
        return found;
    }

    private static ResourceDefinitionContext context(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        return new ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                .withVersion(slash < 0 ? apiVersion : apiVersion.substring(slash + 1))
                .withKind(kind)
                .withPlural(Pluralize.toPlural(kind.toLowerCase(Locale.ROOT)))
                .withNamespaced(true)
                .build();
    }

    private void delete(HasMetadata live, String why) {
        LOG.infof(
                "Deleting %s %s/%s: %s",
                live.getKind(),
                live.getMetadata().getNamespace(),
                live.getMetadata().getName(),
                why);
        if (live instanceof GenericKubernetesResource generic) {
            client.genericKubernetesResources(context(generic.getApiVersion(), generic.getKind()))
                    .inNamespace(live.getMetadata().getNamespace())
                    .withName(live.getMetadata().getName())
                    .delete();
        } else {
            client.resource(live).delete();
        }
    }

    /** Keeps a volume claim: no owner reference to the instance any more (nothing will collect it), marked retained. */
    private void release(HasMetadata claim, String uid) {
        boolean owned = ownedBy(claim, uid);
        boolean marked = claim.getMetadata().getAnnotations() != null
                && "true".equals(claim.getMetadata().getAnnotations().get(RETAINED));
        if (!owned && marked) {
            return;
        }
        LOG.infof(
                "Keeping PersistentVolumeClaim %s/%s (released from its app)",
                claim.getMetadata().getNamespace(), claim.getMetadata().getName());
        client.resource((PersistentVolumeClaim) claim).edit(c -> {
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
