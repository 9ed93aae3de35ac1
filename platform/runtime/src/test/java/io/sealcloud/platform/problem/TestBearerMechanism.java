package io.sealcloud.platform.problem;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Test-only bearer authentication for the runtime test app, which has no OIDC: {@code Authorization: Bearer
 * test:<name>:<role,role>} authenticates {@code name} with those roles; any other bearer token fails authentication the
 * way an invalid JWT does with quarkus-oidc. Requests without a bearer token stay anonymous.
 */
@ApplicationScoped
public class TestBearerMechanism implements HttpAuthenticationMechanism {

    static final String PREFIX = "Bearer test:";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Uni.createFrom().nullItem();
        }
        if (!authorization.startsWith(PREFIX)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("test: unknown token"));
        }
        String[] parts = authorization.substring(PREFIX.length()).split(":", 2);
        QuarkusSecurityIdentity.Builder identity =
                QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(parts[0]));
        if (parts.length == 2 && !parts[1].isEmpty()) {
            identity.addRoles(Set.of(parts[1].split(",")));
        }
        return Uni.createFrom().item(identity.build());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"sealcloud-test\""));
    }

    @Override
    public Set<Class<? extends io.quarkus.security.identity.request.AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    /** The header value that authenticates {@code name} with {@code roles}. */
    static String token(String name, String... roles) {
        return PREFIX + name + ":" + String.join(",", roles);
    }
}
