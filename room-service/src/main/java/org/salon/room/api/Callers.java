package org.salon.room.api;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.salon.platform.security.GuestScope;
import org.salon.room.domain.Caller;

/** The caller of a request, from their token; a guest's token reaches only its own conversation. */
@RequestScoped
public class Callers {
    static final String ADMIN = "admin";

    @Inject
    JsonWebToken token;

    public Caller caller() {
        return of(token);
    }

    static Caller of(JsonWebToken token) {
        return new Caller(token.getSubject(), token.<String>claim("name").orElse(token.getSubject()),
                token.getGroups().contains(GuestScope.ROLE), token.getGroups().contains(ADMIN));
    }

    /** The caller, refused with 403 if they are a guest of another conversation. */
    public Caller in(UUID conversation) {
        GuestScope.require(token, conversation);
        return caller();
    }
}
