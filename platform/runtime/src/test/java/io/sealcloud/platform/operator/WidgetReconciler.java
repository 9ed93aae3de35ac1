package io.sealcloud.platform.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Test reconciler in the kit's intended shape: desired child from a pure function, apply, status once. */
public class WidgetReconciler implements Reconciler<Widget> {

    static final String CHILD_READY = "ChildReady";
    static final String OWNER_LABEL = "test.sealcloud.io/widget";

    private final Applier applier;
    private final StatusUpdater statusUpdater;
    final AtomicInteger reconciles = new AtomicInteger();

    public WidgetReconciler(Applier applier, StatusUpdater statusUpdater) {
        this.applier = applier;
        this.statusUpdater = statusUpdater;
    }

    @Override
    public ReconcileResult reconcile(Widget widget) {
        reconciles.incrementAndGet();
        ConfigMap child = applier.apply(desiredChild(widget));
        statusUpdater.update(widget, desiredStatus(widget, child, Instant.now()));
        return ReconcileResult.done();
    }

    static ConfigMap desiredChild(Widget widget) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(widget.getMetadata().getNamespace())
                .withName(widget.getMetadata().getName() + "-child")
                .withLabels(Map.of(OWNER_LABEL, widget.getMetadata().getName()))
                .addNewOwnerReference()
                .withApiVersion(widget.getApiVersion())
                .withKind(widget.getKind())
                .withName(widget.getMetadata().getName())
                .withUid(widget.getMetadata().getUid())
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withData(Map.of("color", widget.getSpec().getColor()))
                .build();
    }

    static Widget.Status desiredStatus(Widget widget, ConfigMap child, Instant now) {
        Long generation = widget.getMetadata().getGeneration();
        List<io.fabric8.kubernetes.api.model.Condition> current =
                widget.getStatus() == null ? List.of() : widget.getStatus().getConditions();
        var conditions = Conditions.set(
                current,
                CHILD_READY,
                Conditions.TRUE,
                "Applied",
                "ConfigMap " + child.getMetadata().getName() + " applied",
                generation,
                now);
        Widget.Status status = new Widget.Status();
        status.setConditions(Conditions.summaryReady(conditions, List.of(CHILD_READY), generation, now));
        return status;
    }
}
