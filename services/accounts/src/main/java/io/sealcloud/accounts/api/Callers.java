package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.platform.problem.ProblemException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reads the caller from the validated access token. */
final class Callers {

    private Callers() {}

    static Caller from(JsonWebToken token) {
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            // quarkus-oidc has verified signature, issuer and audience; a token without a subject names nobody.
            throw new ProblemException(401, "unauthorized", "Unauthorized", "The access token has no subject.");
        }
        String username = token.getClaim("preferred_username");
        return new Caller(
                subject,
                username == null || username.isBlank() ? subject : username,
                token.getClaim("email"),
                token.getClaim("name"));
    }
}
