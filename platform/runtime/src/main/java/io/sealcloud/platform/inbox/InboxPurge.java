package io.sealcloud.platform.inbox;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** Deletes inbox entries older than {@code sealcloud.inbox.purge.retention}, on a schedule. */
@ApplicationScoped
public class InboxPurge {

    private static final Logger LOG = Logger.getLogger(InboxPurge.class);

    private static final String PURGE =
            "delete from inbox_message where received_at < clock_timestamp() - make_interval(secs => ?)";

    private final DataSource dataSource;
    private final InboxConfig config;

    public InboxPurge(DataSource dataSource, InboxConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    @Scheduled(
            identity = "sealcloud-inbox-purge",
            every = "${sealcloud.inbox.purge.every:1h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            purge();
        } catch (SQLException e) {
            LOG.warnf("Inbox purge failed: %s", e.toString());
        }
    }

    /** Deletes entries older than the retention now; returns how many. */
    public int purge() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(PURGE)) {
            c.setAutoCommit(true);
            ps.setDouble(1, config.purge().retention().toMillis() / 1000.0);
            int deleted = ps.executeUpdate();
            if (deleted > 0) {
                LOG.infof(
                        "Purged %d inbox entries older than %s",
                        deleted, config.purge().retention());
            }
            return deleted;
        }
    }
}
