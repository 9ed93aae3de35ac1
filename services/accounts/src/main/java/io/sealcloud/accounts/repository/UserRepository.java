package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.domain.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Users, keyed by the identity provider's subject. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, String> {

    // An upsert, not find-then-insert: two first requests of one user at once must both succeed. The WHERE keeps an
    // unchanged profile from being rewritten (no dead tuple, no lock held longer than needed).
    private static final String UPSERT = """
            INSERT INTO users (id, username, email, name, created_at, updated_at)
            VALUES (:id, :username, :email, :name, :now, :now)
            ON CONFLICT (id) DO UPDATE
               SET username = EXCLUDED.username, email = EXCLUDED.email, name = EXCLUDED.name,
                   updated_at = EXCLUDED.updated_at
             WHERE users.username IS DISTINCT FROM EXCLUDED.username
                OR users.email IS DISTINCT FROM EXCLUDED.email
                OR users.name IS DISTINCT FROM EXCLUDED.name""";

    /** Creates the user from the caller's token claims, or refreshes a changed profile. */
    public Uni<Void> upsert(Caller caller, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(UPSERT)
                        .setParameter("id", caller.id())
                        .setParameter("username", caller.username())
                        .setParameter("email", caller.email())
                        .setParameter("name", caller.name())
                        .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Whether the stored profile already says what the token says (then nothing needs writing). */
    public static boolean matches(User user, Caller caller) {
        return user != null
                && java.util.Objects.equals(user.username, caller.username())
                && java.util.Objects.equals(user.email, caller.email())
                && java.util.Objects.equals(user.name, caller.name());
    }
}
