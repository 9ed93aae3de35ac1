package io.sealcloud.platform.operator;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/** Starts every {@link Controller} bean the service declares under {@link LeaderElection}, and stops them at shutdown. */
@ApplicationScoped
public class OperatorLifecycle {

    private static final Logger LOG = Logger.getLogger(OperatorLifecycle.class);

    private final Instance<Controller<?>> controllers;
    private final Instance<LeaderElection> election;
    private final OperatorConfig config;
    private boolean started;

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
        LeaderElection leaderElection = election.get();
        for (Controller<?> controller : controllers) {
            leaderElection.register(controller);
        }
        leaderElection.start();
        started = true;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (started) {
            election.get().close();
        }
    }
}
