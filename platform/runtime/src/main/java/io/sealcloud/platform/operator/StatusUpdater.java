package io.sealcloud.platform.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Writes the status subresource once per reconcile and only when it changed: the desired status is compared with the
 * current one as JSON (no write, so no new resourceVersion and no watch event, when equal). Writes carry the object's
 * resourceVersion (optimistic concurrency); on 409 Conflict the latest object is read and the write retried.
 */
@ApplicationScoped
public class StatusUpdater {

    private static final Logger LOG = Logger.getLogger(StatusUpdater.class);
    static final int MAX_ATTEMPTS = 5;

    private final KubernetesClient client;

    public StatusUpdater(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Sets {@code desired} as the status of a custom resource unless it already is. When {@code desired} is a {@link
     * ConditionedStatus}, its observedGeneration is set to the generation of {@code current} (the generation the
     * status was computed from) first.
     *
     * @return the object as stored afterwards ({@code current} itself when nothing was written)
     */
    public <S, R extends CustomResource<?, S>> R update(R current, S desired) {
        return update(current, desired, CustomResource::getStatus, CustomResource::setStatus);
    }

    /** {@link #update(CustomResource, Object)} for any kind, with accessors for its status. */
    public <R extends HasMetadata, S> R update(
            R current, S desired, Function<R, S> getStatus, BiConsumer<R, S> setStatus) {
        Objects.requireNonNull(current, "current");
        if (desired instanceof ConditionedStatus conditioned) {
            conditioned.setObservedGeneration(current.getMetadata().getGeneration());
        }
        KubernetesSerialization json = client.getKubernetesSerialization();
        R target = current;
        for (int attempt = 1; ; attempt++) {
            if (sameJson(json, getStatus.apply(target), desired)) {
                return target;
            }
            R copy = json.clone(target);
            setStatus.accept(copy, desired);
            try {
                // updateStatus sends the copy's resourceVersion: a concurrent writer makes this fail with 409.
                R written = client.resource(copy).updateStatus();
                LOG.debugf("Updated status of %s %s", current.getKind(), Controller.keyOf(current));
                return written;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                target = client.resource(current).get();
                if (target == null) {
                    throw e;
                }
            }
        }
    }

    static boolean sameJson(KubernetesSerialization json, Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return json.convertValue(a, JsonNode.class).equals(json.convertValue(b, JsonNode.class));
    }
}
