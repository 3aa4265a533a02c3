package org.salon.platform.security;

import jakarta.enterprise.context.ApplicationScoped;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id hashing (password4j) with OWASP's parameters (19 MiB, 2 passes, 1 lane), for accounts and for
 * conversations' guest passwords. Checking against nothing (an unknown login) costs the same as a wrong password,
 * so timing does not tell which logins exist. CPU-heavy: call it off the event loop.
 */
@ApplicationScoped
public class Passwords {
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID, 19);
    private final String decoy = hash("decoy password for unknown logins");

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    /** Checks a password against a hash, or against a decoy when there is no account (and answers false). */
    public boolean matches(String password, String hashOrNull) {
        boolean ok = Password.check(password, hashOrNull == null ? decoy : hashOrNull).with(ARGON2);
        return ok && hashOrNull != null;
    }
}
