package org.salon.room.api;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.salon.contracts.api.GuestTokens;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;

/** auth-service, as room-service calls it: guests' tokens. */
@RegisterRestClient(configKey = "auth")
@OidcClientFilter
public interface AuthClient {

    @POST
    @Path(GuestTokens.PATH)
    Uni<GuestTokens.Response> guestToken(GuestTokens.Request request);
}
