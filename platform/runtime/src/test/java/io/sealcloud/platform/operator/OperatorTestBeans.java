package io.sealcloud.platform.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicReference;

/** What a service declares to get a controller started under leader election: beans, nothing else. */
public class OperatorTestBeans {

    /** What the last reconcile saw of its thread and of the database. */
    public static final class ReconcileProbe {
        final AtomicReference<String> thread = new AtomicReference<>();
        final AtomicReference<Object> databaseAnswer = new AtomicReference<>();
    }

    @Produces
    @Singleton
    ReconcileProbe probe() {
        return new ReconcileProbe();
    }

    @Produces
    @Singleton
    WidgetReconciler widgetReconciler(Applier applier, StatusUpdater statusUpdater) {
        return new WidgetReconciler(applier, statusUpdater);
    }

    @Produces
    @Singleton
    Controller<Widget> widgetController(Controllers controllers, WidgetReconciler widgets, ReconcileProbe probe) {
        Reconciler<Widget> reconciler = widget -> {
            probe.thread.set(Thread.currentThread().getName());
            // A controller worker thread has no Vert.x context: Hibernate Reactive needs this hop.
            probe.databaseAnswer.set(Reconciler.awaitOnVertx(() -> Panache.withSession(() -> Panache.getSession()
                    .flatMap(session -> session.createNativeQuery("select 1").getSingleResult()))));
            return widgets.reconcile(widget);
        };
        return controllers
                .builder(Widget.class, reconciler)
                .watchOwned(ConfigMap.class)
                .build();
    }
}
