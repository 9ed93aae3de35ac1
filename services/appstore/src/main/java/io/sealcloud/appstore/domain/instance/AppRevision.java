package io.sealcloud.appstore.domain.instance;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One immutable revision of an instance: the template version, the inputs (as supplied and resolved) and the placed
 * objects it applies. Only its outcome is written later.
 */
@Entity
@Table(name = "app_revisions")
public class AppRevision {

    /** What created a revision. */
    public static final String INSTALL = "install";

    public static final String UPGRADE = "upgrade";
    public static final String ROLLBACK = "rollback";
    public static final String AUTO_ROLLBACK = "auto-rollback";

    /** Outcomes. */
    public static final String OUTCOME_READY = "ready";

    public static final String OUTCOME_FAILED = "failed";
    public static final String OUTCOME_ROLLED_BACK = "rolled-back";

    @EmbeddedId
    public RevisionKey key;

    @Column(nullable = false)
    public String template;

    @Column(nullable = false)
    public String version;

    @Column(nullable = false)
    public String action;

    @Column(name = "from_revision")
    public Integer fromRevision;

    @Column(name = "source_revision")
    public Integer sourceRevision;

    @Column(name = "supplied_inputs", nullable = false)
    public String suppliedInputs;

    @Column(name = "input_values", nullable = false)
    public String inputValues;

    @Column(nullable = false)
    public String objects;

    @Column(nullable = false)
    public Instant deadline;

    @Column(nullable = false)
    public boolean atomic;

    public String outcome;

    @Column(name = "outcome_message")
    public String outcomeMessage;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
