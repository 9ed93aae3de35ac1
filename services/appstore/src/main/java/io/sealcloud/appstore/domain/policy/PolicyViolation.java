package io.sealcloud.appstore.domain.policy;

/** A rendered object the tenant policy refuses; {@code index} is its position among the rendered objects. */
public record PolicyViolation(int index, String kind, String name, String reason) {

    public String describe() {
        return (kind == null ? "object" : kind) + (name == null ? "" : " '" + name + "'") + " " + reason;
    }
}
