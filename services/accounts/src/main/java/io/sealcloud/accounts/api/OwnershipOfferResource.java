package io.sealcloud.accounts.api;

import io.sealcloud.accounts.domain.Caller;
import io.sealcloud.accounts.service.AccountService;
import io.sealcloud.accounts.service.OwnershipTransferService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The ownership offers waiting for the caller's answer (answered under each workspace's transfer-ownership). */
@Path("/api/accounts/v1/ownership-transfers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
@Tag(name = "members")
@SecurityRequirement(name = "oidc")
public class OwnershipOfferResource {

    private final AccountService accounts;
    private final OwnershipTransferService transfers;
    private final JsonWebToken token;
    private final Clock clock;

    public OwnershipOfferResource(
            AccountService accounts, OwnershipTransferService transfers, JsonWebToken token, Clock clock) {
        this.accounts = accounts;
        this.transfers = transfers;
        this.token = token;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "The open ownership offers waiting for the caller's answer, oldest first")
    public Uni<List<OwnershipTransferView>> offeredToMe() {
        Caller caller = Callers.from(token);
        return accounts.signIn(caller)
                .chain(() -> transfers.offeredTo(caller))
                .map(offers -> offers.stream()
                        .map(offer -> OwnershipTransferView.of(offer, clock.instant()))
                        .toList());
    }
}
