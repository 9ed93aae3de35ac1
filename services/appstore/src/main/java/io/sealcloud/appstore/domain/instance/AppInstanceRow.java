package io.sealcloud.appstore.domain.instance;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** An installed app: the revision it runs and its lifecycle state (the source of truth the AppInstance mirrors). */
@Entity
@Table(name = "app_instances")
public class AppInstanceRow {

    /** Lifecycle states. */
    public static final String PROGRESSING = "progressing";

    public static final String READY = "ready";
    public static final String FAILED = "failed";
    public static final String UNINSTALLING = "uninstalling";

    @EmbeddedId
    public InstanceKey key;

    @Column(nullable = false)
    public String template;

    @Column(nullable = false)
    public String version;

    @Column(nullable = false)
    public int revision;

    @Column(nullable = false)
    public String seed;

    @Column(nullable = false)
    public String state;

    @Column(name = "state_message")
    public String stateMessage;

    @Column(name = "pvc_policy", nullable = false)
    public String pvcPolicy;

    @Column(nullable = false)
    public String links;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
