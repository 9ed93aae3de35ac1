package io.sealcloud.platform.problem;

import io.quarkus.security.AuthenticationRedirectException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Renders as problem+json the failures that never reach Quarkus REST: authentication failures of proactive
 * authentication (the mechanism already set the status and the {@code WWW-Authenticate} challenge; only the body is
 * added), HTTP permission denials, and any exception that escaped the REST layer.
 */
@ApplicationScoped
public class ProblemRoutes {

    private final ProblemRenderer renderer;

    public ProblemRoutes(ProblemRenderer renderer) {
        this.renderer = renderer;
    }

    void install(@Observes Router router) {
        router.route().failureHandler(this::handleFailure);
    }

    void handleFailure(RoutingContext context) {
        if (context.response().ended()
                || context.response().headWritten()
                || context.failure() instanceof AuthenticationRedirectException) {
            // Too late to change the response, or a login redirect that must stay a redirect.
            context.next();
            return;
        }
        renderer.write(context.failure(), context.statusCode(), context);
    }
}
