package io.sealcloud.platform.outbox;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** Deletes published outbox rows older than {@code sealcloud.outbox.purge.retention}, on a schedule. */
@ApplicationScoped
public class OutboxPurge {

    private static final Logger LOG = Logger.getLogger(OutboxPurge.class);

    private final DataSource dataSource;
    private final OutboxConfig config;

    public OutboxPurge(DataSource dataSource, OutboxConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** Runs on every replica: deleting the same old rows twice is harmless, and it needs no relay lock. */
    @Scheduled(
            identity = "sealcloud-outbox-purge",
            every = "${sealcloud.outbox.purge.every:1h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            purge();
        } catch (SQLException e) {
            LOG.warnf("Outbox purge failed: %s", e.toString());
        }
    }

    /** Deletes published rows older than the retention now; returns how many. */
    public int purge() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            int deleted = OutboxStore.purgePublished(c, config.purge().retention());
            if (deleted > 0) {
                LOG.infof(
                        "Purged %d published outbox rows older than %s",
                        deleted, config.purge().retention());
            }
            return deleted;
        }
    }
}
