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
 * Writes the status subresource once per reconcile and only when it changed. The desired status is compared as JSON
 * with the reconciled copy first (equal: no API call at all), then with the latest stored object, because the
 * informer cache may lag behind our own previous write; only a real difference is written, with that object's
 * resourceVersion (optimistic concurrency), re-reading and retrying on 409 Conflict. No write means no new
 * resourceVersion and no watch event, so a no-op reconcile does not trigger another one.
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
     * ConditionedStatus}, its observedGeneration is set to the generation of {@code reconciled} (the generation the
     * status was computed from) and condition transition times already stored for an unchanged status are kept.
     *
     * @param reconciled the object the status was computed from (usually the reconciler's argument)
     * @return the object as stored afterwards; {@code reconciled} itself when it already had this status
     */
    public <S, R extends CustomResource<?, S>> R update(R reconciled, S desired) {
        return update(reconciled, desired, CustomResource::getStatus, CustomResource::setStatus);
    }

    /** {@link #update(CustomResource, Object)} for any kind, with accessors for its status. */
    public <R extends HasMetadata, S> R update(
            R reconciled, S desired, Function<R, S> getStatus, BiConsumer<R, S> setStatus) {
        Objects.requireNonNull(reconciled, "reconciled");
        KubernetesSerialization json = client.getKubernetesSerialization();
        if (desired instanceof ConditionedStatus conditioned) {
            conditioned.setObservedGeneration(reconciled.getMetadata().getGeneration());
        }
        alignTransitionTimes(desired, getStatus.apply(reconciled));
        if (sameJson(json, getStatus.apply(reconciled), desired)) {
            return reconciled;
        }
        for (int attempt = 1; ; attempt++) {
            R latest = client.resource(reconciled).get();
            if (latest == null) {
                LOG.debugf("%s %s is gone; status not written", reconciled.getKind(), Controller.keyOf(reconciled));
                return reconciled;
            }
            alignTransitionTimes(desired, getStatus.apply(latest));
            if (sameJson(json, getStatus.apply(latest), desired)) {
                return latest;
            }
            R copy = json.clone(latest);
            setStatus.accept(copy, desired);
            try {
                // updateStatus sends the latest resourceVersion: a writer in between makes this fail with 409.
                R written = client.resource(copy).updateStatus();
                LOG.debugf("Updated status of %s %s", reconciled.getKind(), Controller.keyOf(reconciled));
                return written;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                LOG.debugf(
                        "Conflict writing status of %s %s, retrying",
                        reconciled.getKind(), Controller.keyOf(reconciled));
            }
        }
    }

    private static void alignTransitionTimes(Object desired, Object stored) {
        if (desired instanceof ConditionedStatus target && stored instanceof ConditionedStatus observed) {
            target.setConditions(Conditions.keepTransitionTimes(target.getConditions(), observed.getConditions()));
        }
    }

    static boolean sameJson(KubernetesSerialization json, Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return json.convertValue(a, JsonNode.class).equals(json.convertValue(b, JsonNode.class));
    }
}
