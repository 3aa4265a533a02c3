package org.salon.room.domain;

import java.security.SecureRandom;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.platform.logging.ConversationLog;
import org.salon.platform.problem.ProblemException;
import org.salon.platform.security.Passwords;
import org.salon.platform.security.Throttle;
import org.salon.platform.security.ThrottleConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Guests enter a conversation that allows them by its public link, with its password if it has one. Wrong
 * passwords are throttled per conversation and IP, and per IP.
 */
@ApplicationScoped
public class GuestAccess {
    private static final ConversationLog LOG = ConversationLog.of(GuestAccess.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LINK_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @Inject
    Passwords passwords;

    @Inject
    Throttle throttle;

    @Inject
    ThrottleConfig throttleConfig;

    @Inject
    Vertx vertx;

    /** The hash of a new password, refusing one on a conversation that does not allow guests. */
    public Uni<String> hash(ConversationType type, String password) {
        if (password == null) {
            return Uni.createFrom().nullItem();
        }
        if (type != ConversationType.PUBLIC) {
            throw ProblemException.badRequest("A password is only for conversations that allow guests");
        }
        if (password.isBlank() || password.length() > 1024) {
            throw ProblemException.badRequest("A password is 1 to 1024 characters, not only spaces");
        }
        return vertx.executeBlocking(() -> passwords.hash(password));
    }

    /** A new public link token: 16 characters that read aloud without ambiguity. */
    public static String newLinkToken() {
        StringBuilder b = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            b.append(LINK_ALPHABET.charAt(RANDOM.nextInt(LINK_ALPHABET.length())));
        }
        return b.toString();
    }

    public Uni<Conversation> byLink(String token) {
        return Conversation.<Conversation>find("linkToken", token).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No conversation behind this link"));
    }

    /** The conversation behind the link, if the password is right (or none is set); 403 if wrong, 429 if throttled. */
    public Uni<Conversation> admit(String token, String password, String ip) {
        return byLink(token).chain(c -> {
            String conversationKey = Throttle.conversationKey(c.id, ip);
            String ipKey = Throttle.ipKey(ip);
            return throttle.check(List.of(conversationKey, ipKey)).chain(() -> {
                if (c.passwordHash == null) {
                    return Uni.createFrom().item(c);
                }
                String given = password == null ? "" : password;
                return vertx.executeBlocking(() -> passwords.matches(given, c.passwordHash)).chain(ok -> {
                    if (ok) {
                        return throttle.succeeded(conversationKey).replaceWith(c);
                    }
                    LOG.info(c.id, "wrong guest password from %s", ip);
                    return throttle.failed(conversationKey, throttleConfig.freeFailures())
                            .chain(() -> throttle.failed(ipKey, throttleConfig.freeFailuresPerIp()))
                            .chain(() -> Uni.createFrom().failure(ProblemException.forbidden("Wrong password")));
                });
            });
        });
    }
}
