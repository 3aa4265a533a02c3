package org.salon.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/** A valid token of a disabled account is refused like an invalid one (401; a WebSocket upgrade is refused too). */
@ApplicationScoped
public class DisabledAccountsAugmentor implements SecurityIdentityAugmentor {

    @Inject
    DisabledAccounts accounts;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null && accounts.isDisabled(token.getSubject())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("This account is disabled"));
        }
        return Uni.createFrom().item(identity);
    }
}
