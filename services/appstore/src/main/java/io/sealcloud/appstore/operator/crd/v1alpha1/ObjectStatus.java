package io.sealcloud.appstore.operator.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** One object of the current revision and whether it is ready (the rules are in docs/services/appstore.md). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectStatus {

    private String apiVersion;
    private String kind;
    private String name;
    private Boolean ready;
    private String message;

    public ObjectStatus() {}

    public ObjectStatus(String apiVersion, String kind, String name, boolean ready, String message) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.name = name;
        this.ready = ready;
        this.message = message;
    }

    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Boolean getReady() {
        return ready;
    }

    public void setReady(Boolean ready) {
        this.ready = ready;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectStatus s
                && Objects.equals(apiVersion, s.apiVersion)
                && Objects.equals(kind, s.kind)
                && Objects.equals(name, s.name)
                && Objects.equals(ready, s.ready)
                && Objects.equals(message, s.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apiVersion, kind, name, ready, message);
    }
}
