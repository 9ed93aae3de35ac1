package io.sealcloud.appstore.domain.instance;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/** A revision of one instance. */
@Embeddable
public class RevisionKey implements Serializable {

    @Column(name = "workspace_id")
    public String workspaceId;

    @Column(name = "instance")
    public String instance;

    @Column(name = "revision")
    public int revision;

    public RevisionKey() {}

    public RevisionKey(String workspaceId, String instance, int revision) {
        this.workspaceId = workspaceId;
        this.instance = instance;
        this.revision = revision;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RevisionKey k
                && revision == k.revision
                && Objects.equals(workspaceId, k.workspaceId)
                && Objects.equals(instance, k.instance);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workspaceId, instance, revision);
    }
}
