package io.sealcloud.appstore.domain.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/** Template name + version. */
@Embeddable
public class VersionKey implements Serializable {

    @Column(name = "template_name")
    public String templateName;

    @Column(name = "version")
    public String version;

    public VersionKey() {}

    public VersionKey(String templateName, String version) {
        this.templateName = templateName;
        this.version = version;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionKey k && templateName.equals(k.templateName) && version.equals(k.version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(templateName, version);
    }
}
