package io.sealcloud.platform.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sealcloud.platform.config.ServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Makes a desired object exist as described, with field manager {@code sealcloud-<service>}. Server-side apply on a
 * real API server; a client-side path (create, or merge onto the live object and update with its resourceVersion)
 * where the server lacks SSA, like the fabric8 mock API server the tests run against. In {@link ApplyMode#AUTO} the
 * switch happens once, and only when the client-side path proves the 404/415 meant "no apply patch here" rather than
 * a missing namespace or CRD.
 */
@ApplicationScoped
public class Applier {

    private static final Logger LOG = Logger.getLogger(Applier.class);
    static final int MAX_ATTEMPTS = 5;
    private static final int HTTP_UNSUPPORTED_MEDIA_TYPE = 415;
    private static final Set<String> NOT_APPLIED = Set.of("apiVersion", "kind", "metadata", "status");

    private final KubernetesClient client;
    private final String fieldManager;
    private final ApplyMode configured;
    /** AUTO until the first apply tells which path this API server needs. */
    private final AtomicReference<ApplyMode> effective;

    @Inject
    public Applier(KubernetesClient client, ServiceConfig service, KubernetesConfig config) {
        this(client, "sealcloud-" + service.name(), config.applyMode());
    }

    public Applier(KubernetesClient client, String fieldManager, ApplyMode mode) {
        this.client = Objects.requireNonNull(client, "client");
        this.fieldManager = Objects.requireNonNull(fieldManager, "fieldManager");
        this.configured = Objects.requireNonNull(mode, "mode");
        this.effective = new AtomicReference<>(mode);
    }

    /**
     * Applies {@code desired} (create or update) and returns the object as stored. Fields the desired object leaves
     * out are left alone; status is never written here (see {@link StatusUpdater}).
     */
    public <T extends HasMetadata> T apply(T desired) {
        Objects.requireNonNull(desired, "desired");
        return switch (effective.get()) {
            case SERVER_SIDE -> serverSide(desired);
            case CLIENT_SIDE -> clientSide(desired);
            case AUTO -> detect(desired);
        };
    }

    /** The configured mode, or after detection the one in use. */
    public ApplyMode effectiveMode() {
        return effective.get();
    }

    public ApplyMode configuredMode() {
        return configured;
    }

    public String fieldManager() {
        return fieldManager;
    }

    private <T extends HasMetadata> T detect(T desired) {
        T applied;
        try {
            applied = serverSide(desired);
        } catch (KubernetesClientException ssaFailure) {
            int code = ssaFailure.getCode();
            if (code != HttpURLConnection.HTTP_NOT_FOUND && code != HTTP_UNSUPPORTED_MEDIA_TYPE) {
                throw ssaFailure;
            }
            T fallback;
            try {
                fallback = clientSide(desired);
            } catch (KubernetesClientException fallbackFailure) {
                // Both failed: the 404 was a real one (namespace or CRD missing), not a server without SSA.
                fallbackFailure.addSuppressed(ssaFailure);
                throw fallbackFailure;
            }
            if (effective.compareAndSet(ApplyMode.AUTO, ApplyMode.CLIENT_SIDE)) {
                LOG.warnf(
                        "The Kubernetes API server rejected server-side apply (HTTP %d) but accepted a plain write:"
                                + " applying client-side from now on (sealcloud.kubernetes.apply-mode=auto)",
                        code);
            }
            return fallback;
        }
        effective.compareAndSet(ApplyMode.AUTO, ApplyMode.SERVER_SIDE);
        return applied;
    }

    private <T extends HasMetadata> T serverSide(T desired) {
        T body = desired;
        if (desired.getMetadata().getResourceVersion() != null) {
            // An apply with a resourceVersion would be a conditional write; desired state is unconditional.
            body = client.getKubernetesSerialization().clone(desired);
            body.getMetadata().setResourceVersion(null);
        }
        T applied = client.resource(body)
                .fieldManager(fieldManager)
                .forceConflicts()
                .serverSideApply();
        LOG.debugf("Applied %s %s", desired.getKind(), Controller.keyOf(desired));
        return applied;
    }

    private <T extends HasMetadata> T clientSide(T desired) {
        KubernetesSerialization json = client.getKubernetesSerialization();
        for (int attempt = 1; ; attempt++) {
            T live = client.resource(desired).get();
            try {
                if (live == null) {
                    T body = json.clone(desired);
                    body.getMetadata().setResourceVersion(null);
                    T created = client.resource(body).create();
                    LOG.infof("Created %s %s", desired.getKind(), Controller.keyOf(desired));
                    return created;
                }
                JsonNode liveTree = json.convertValue(live, JsonNode.class);
                ObjectNode merged = merge(liveTree, json.convertValue(desired, JsonNode.class));
                if (merged.equals(liveTree)) {
                    return live;
                }
                @SuppressWarnings("unchecked")
                T update = (T) json.convertValue(merged, desired.getClass());
                // update() sends the live resourceVersion: a concurrent writer makes this fail with 409.
                T updated = client.resource(update).update();
                LOG.infof("Updated %s %s", desired.getKind(), Controller.keyOf(desired));
                return updated;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("Conflict applying %s %s, retrying", desired.getKind(), Controller.keyOf(desired));
            }
        }
    }

    /**
     * The live object with the desired one laid over it: every top-level field the desired object sets (spec, data,
     * rules, …) replaces the live one; labels and annotations are merged key by key (desired wins); ownerReferences
     * are merged by uid and finalizers as a set; status and server-set metadata stay as they are.
     */
    static ObjectNode merge(JsonNode live, JsonNode desired) {
        ObjectNode out = live.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!NOT_APPLIED.contains(field.getKey())) {
                out.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        JsonNode desiredMeta = desired.path("metadata");
        ObjectNode meta = out.withObjectProperty("metadata");
        mergeMap(meta, desiredMeta, "labels");
        mergeMap(meta, desiredMeta, "annotations");
        mergeOwnerReferences(meta, desiredMeta);
        mergeFinalizers(meta, desiredMeta);
        return out;
    }

    private static void mergeMap(ObjectNode meta, JsonNode desiredMeta, String name) {
        JsonNode desired = desiredMeta.path(name);
        if (desired.isObject() && !desired.isEmpty()) {
            meta.withObjectProperty(name).setAll((ObjectNode) desired.deepCopy());
        }
    }

    private static void mergeOwnerReferences(ObjectNode meta, JsonNode desiredMeta) {
        JsonNode desired = desiredMeta.path("ownerReferences");
        if (!desired.isArray() || desired.isEmpty()) {
            return;
        }
        ArrayNode refs = meta.withArrayProperty("ownerReferences");
        for (JsonNode ref : desired) {
            boolean replaced = false;
            for (int i = 0; i < refs.size(); i++) {
                if (refs.get(i).path("uid").equals(ref.path("uid"))) {
                    refs.set(i, ref.deepCopy());
                    replaced = true;
                }
            }
            if (!replaced) {
                refs.add(ref.deepCopy());
            }
        }
    }

    private static void mergeFinalizers(ObjectNode meta, JsonNode desiredMeta) {
        JsonNode desired = desiredMeta.path("finalizers");
        if (!desired.isArray() || desired.isEmpty()) {
            return;
        }
        ArrayNode finalizers = meta.withArrayProperty("finalizers");
        for (JsonNode finalizer : desired) {
            boolean present = false;
            for (JsonNode existing : finalizers) {
                present |= existing.equals(finalizer);
            }
            if (!present) {
                finalizers.add(finalizer.deepCopy());
            }
        }
    }
}
