package io.sealcloud.platform.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.sealcloud.platform.config.ServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the registered {@link Controller}s only while this replica holds the Lease {@code sealcloud-<service>} (fabric8
 * {@code LeaderElector} + {@code LeaseLock}). Losing the Lease stops the controllers and makes this replica a
 * candidate again; stopping releases the Lease so another replica takes over without waiting for it to expire. With
 * election disabled, registered controllers simply run.
 */
@ApplicationScoped
public class LeaderElection {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    /** Timings and identity of one election. */
    public record Settings(
            boolean enabled,
            String leaseName,
            String leaseNamespace,
            String identity,
            Duration leaseDuration,
            Duration renewDeadline,
            Duration retryPeriod) {

        public Settings {
            Objects.requireNonNull(leaseName, "leaseName");
            Objects.requireNonNull(leaseNamespace, "leaseNamespace");
            Objects.requireNonNull(identity, "identity");
            if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
                throw new IllegalArgumentException(
                        "leader election needs retry-period < renew-deadline < lease-duration");
            }
        }
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final List<Controller<?>> controllers = new CopyOnWriteArrayList<>();
    // Start/stop of controllers runs here, in order, off the elector's thread (stopping waits for reconciles).
    private final ExecutorService transitions;
    private final ScheduledExecutorService elector;
    private volatile boolean leading;
    private volatile String observedLeader;
    private boolean running;
    private CompletableFuture<?> round;

    @Inject
    public LeaderElection(KubernetesClient client, ServiceConfig service, OperatorConfig config) {
        this(
                client,
                new Settings(
                        config.leaderElection().enabled(),
                        "sealcloud-" + service.name(),
                        config.leaseNamespace(),
                        newIdentity(),
                        config.leaderElection().leaseDuration(),
                        config.leaderElection().renewDeadline(),
                        config.leaderElection().retryPeriod()));
    }

    public LeaderElection(KubernetesClient client, Settings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.transitions = Executors.newSingleThreadExecutor(daemon("leader-election-transitions"));
        this.elector = Executors.newSingleThreadScheduledExecutor(daemon("leader-election"));
    }

    /** Adds a controller; it starts now if this replica leads (or election is off), else when it becomes leader. */
    public void register(Controller<?> controller) {
        controllers.add(controller);
        transitions.execute(() -> {
            if (leading) {
                controller.start();
            }
        });
    }

    /** Starts campaigning for the Lease (or, with election off, starts the controllers). Idempotent. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (!settings.enabled()) {
            LOG.info("Leader election disabled: starting controllers");
            transitions.execute(this::becomeLeader);
            return;
        }
        campaign();
    }

    /** Stops the controllers and releases the Lease if held. Idempotent; waits for the controllers to stop. */
    public void stop() {
        CompletableFuture<?> current;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            current = round;
            round = null;
        }
        if (current != null) {
            // Cancelling makes the elector release the Lease (releaseOnCancel) and call onStopLeading.
            current.cancel(true);
        }
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(this::stopLeading, transitions);
        try {
            stopped.get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            LOG.warn("Controllers did not stop cleanly", e);
        }
    }

    /** Shuts the internal threads down for good (at application shutdown, after {@link #stop()}). */
    public void close() {
        stop();
        elector.shutdownNow();
        transitions.shutdown();
    }

    public boolean isLeader() {
        return leading;
    }

    /** The holder of the Lease as last seen by this replica (empty before the first look or when released). */
    public Optional<String> observedLeader() {
        return Optional.ofNullable(observedLeader).filter(s -> !s.isEmpty());
    }

    public String identity() {
        return settings.identity();
    }

    public String leaseName() {
        return settings.leaseName();
    }

    public String leaseNamespace() {
        return settings.leaseNamespace();
    }

    private synchronized void campaign() {
        if (!running) {
            return;
        }
        LeaderElectionConfig config = new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new LeaseLock(settings.leaseNamespace(), settings.leaseName(), settings.identity()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> transitions.execute(this::becomeLeader),
                        () -> transitions.execute(this::stopLeading),
                        this::leaderObserved))
                .build();
        // A fabric8 LeaderElector runs one round (acquire, then renew until it fails); a new one starts the next.
        CompletableFuture<?> current = new LeaderElectorBuilder(client, elector)
                .withConfig(config)
                .build()
                .start();
        round = current;
        current.whenComplete((ignored, failure) -> {
            if (failure != null && !current.isCancelled()) {
                LOG.warnf(failure, "Leader election round for %s ended with an error", settings.leaseName());
            }
            synchronized (this) {
                if (running && round == current) {
                    elector.schedule(this::campaign, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    private void leaderObserved(String leader) {
        observedLeader = leader;
        if (leader == null || leader.isEmpty()) {
            LOG.infof("Lease %s/%s was released", settings.leaseNamespace(), settings.leaseName());
        } else {
            LOG.infof("Lease %s/%s is held by %s", settings.leaseNamespace(), settings.leaseName(), leader);
        }
    }

    private void becomeLeader() {
        if (leading) {
            return;
        }
        synchronized (this) {
            if (!running) {
                return;
            }
        }
        leading = true;
        LOG.infof(
                "%s leads %s/%s: starting %d controller(s)",
                settings.identity(), settings.leaseNamespace(), settings.leaseName(), controllers.size());
        controllers.forEach(Controller::start);
    }

    private void stopLeading() {
        if (!leading) {
            return;
        }
        leading = false;
        LOG.infof("%s no longer leads %s: stopping controllers", settings.identity(), settings.leaseName());
        controllers.forEach(Controller::stop);
    }

    /** Hostname plus a random suffix: two replicas on one host (or a restarted pod) never share an identity. */
    static String newIdentity() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown";
            }
        }
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return host.toLowerCase(Locale.ROOT) + "-" + suffix;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }
}
