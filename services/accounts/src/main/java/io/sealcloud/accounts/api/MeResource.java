package io.sealcloud.accounts.api;

import io.sealcloud.accounts.service.AccountService;
import io.sealcloud.accounts.service.WorkspaceService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in user. */
@Path("/api/accounts/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
@Tag(name = "me")
@SecurityRequirement(name = "oidc")
public class MeResource {

    private final AccountService accounts;
    private final WorkspaceService workspaces;
    private final JsonWebToken token;

    public MeResource(AccountService accounts, WorkspaceService workspaces, JsonWebToken token) {
        this.accounts = accounts;
        this.workspaces = workspaces;
        this.token = token;
    }

    @GET
    @Operation(
            summary = "Who am I",
            description = "The first call of a new user creates the user from the token and a personal workspace.")
    public Uni<MeView> me() {
        return accounts.signIn(Callers.from(token))
                .call(signIn -> signIn.created()
                        ? workspaces.ensureResource(signIn.personalWorkspace())
                        : Uni.createFrom().voidItem())
                .map(signIn -> new MeView(
                        UserView.of(signIn.user()), signIn.personalWorkspace().id()));
    }
}
