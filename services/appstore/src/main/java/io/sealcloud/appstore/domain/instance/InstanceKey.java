package io.sealcloud.appstore.domain.instance;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/** An instance is named per workspace. */
@Embeddable
public class InstanceKey implements Serializable {

    @Column(name = "workspace_id")
    public String workspaceId;

    @Column(name = "name")
    public String name;

    public InstanceKey() {}

    public InstanceKey(String workspaceId, String name) {
        this.workspaceId = workspaceId;
        this.name = name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceKey k && Objects.equals(workspaceId, k.workspaceId) && Objects.equals(name, k.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workspaceId, name);
    }
}
