package io.sealcloud.platform.operator;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/**
 * Starts every {@link Controller} bean the service declares under {@link LeaderElection}, and stops them at shutdown.
 *
 * <p>The start runs on a thread of its own, beside the service's start rather than before it: creating the Kubernetes
 * client, the controllers and the elector loads about two thousand classes, and no request needs them. A start that
 * fails (an unreadable kubeconfig, say) still stops the service, as it would have failed the start.
 */
@ApplicationScoped
public class OperatorLifecycle {

    private static final Logger LOG = Logger.getLogger(OperatorLifecycle.class);

    private final Instance<Controller<?>> controllers;
    private final Instance<LeaderElection> election;
    private final OperatorConfig config;
    private boolean started;
    private boolean stopping;

    public OperatorLifecycle(
            @Any Instance<Controller<?>> controllers, Instance<LeaderElection> election, OperatorConfig config) {
        this.controllers = controllers;
        this.election = election;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Controllers disabled (sealcloud.operator.enabled=false)");
            return;
        }
        if (controllers.isUnsatisfied()) {
            // A service without controllers campaigns for no Lease.
            return;
        }
        Thread starter = new Thread(this::startControllers, "sealcloud-operator-start");
        starter.setDaemon(true);
        starter.start();
    }

    private synchronized void startControllers() {
        if (stopping) {
            return;
        }
        try {
            LeaderElection leaderElection = election.get();
            for (Controller<?> controller : controllers) {
                leaderElection.register(controller);
            }
            leaderElection.start();
            started = true;
        } catch (RuntimeException e) {
            LOG.error("Controllers could not start; stopping the service", e);
            Quarkus.asyncExit(1);
        }
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (started) {
            election.get().close();
        }
    }
}
