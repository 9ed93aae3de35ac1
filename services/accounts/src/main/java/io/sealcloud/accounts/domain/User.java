package io.sealcloud.accounts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person who signed in: created from their first token, profile refreshed from later ones. */
@Entity
@Table(name = "users")
public class User {

    /** The identity provider's subject ({@code sub}); stable across username changes. */
    @Id
    public String id;

    @Column(nullable = false)
    public String username;

    public String email;

    /** Full name from the token's {@code name} claim. */
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
