package io.sealcloud.accounts.operator.crd.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A member of the workspace as the controller needs it: the user id RBAC subjects are named after, and the role. */
public class WorkspaceMember {

    /** The identity provider's subject ({@code sub}). */
    @Required
    private String id;

    /** For people reading the resource; RBAC never uses it (usernames can be renamed and reused). */
    private String username;

    @Required
    @Pattern("^(owner|manager|developer)$")
    private String role;

    public WorkspaceMember() {}

    public WorkspaceMember(String id, String username, String role) {
        this.id = id;
        this.username = username;
        this.role = role;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorkspaceMember m
                && Objects.equals(id, m.id)
                && Objects.equals(username, m.username)
                && Objects.equals(role, m.role);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, username, role);
    }
}
