package org.salon.auth.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.salon.auth.config.AuthConfig;
import org.salon.auth.events.UserEventsOut;
import org.salon.platform.problem.ProblemException;
import org.salon.platform.security.DisabledAccounts;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The cloud's user directory: accounts, their search words, and the event of every change. */
@ApplicationScoped
public class Directory {
    private static final Logger LOG = Logger.getLogger(Directory.class);
    public static final int MAX_DISPLAY_NAME = 255;
    public static final int MAX_PAGE = 100;


    @Inject
    UserEventsOut events;

    @Inject
    AuthConfig config;

    @Inject
    DisabledAccounts accounts;

    /** A new user; the password hash is computed by the caller off the event loop. */
    public record NewUser(String login, String displayName, String email, String passwordHash, String issuer,
            String subject, String[] roles) {
    }

    public Uni<User> create(NewUser n) {
        return Panache.withTransaction(() -> User.count("login", n.login()).chain(existing -> {
            if (existing > 0) {
                return Uni.createFrom().failure(ProblemException.conflict("The login '" + n.login() + "' is taken"));
            }
            User u = new User();
            u.id = UUID.randomUUID();
            u.login = n.login();
            u.displayName = n.displayName();
            u.email = n.email();
            u.passwordHash = n.passwordHash();
            u.issuer = n.issuer();
            u.subject = n.subject();
            u.roles = n.roles();
            u.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            u.updatedAt = u.createdAt;
            return u.persistAndFlush().chain(() -> indexWords(u)).chain(() -> events.changed(u)).replaceWith(u);
        })).invoke(u -> LOG.infof("user %s (%s) created", u.login, u.id));
    }

    public Uni<User> byLogin(String login) {
        return User.find("login", login).firstResult();
    }

    public Uni<User> byId(UUID id) {
        return User.<User>findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("No user " + id));
    }

    public Uni<User> setEnabled(UUID id, boolean enabled) {
        return Panache.withTransaction(() -> byId(id).call(u -> {
            if (u.enabled == enabled) {
                return Uni.createFrom().voidItem();
            }
            u.enabled = enabled;
            u.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return events.changed(u);
        })).invoke(u -> {
            // the service that made the change refuses the tokens at once; the others follow from the event
            accounts.set(u.id.toString(), enabled);
            LOG.infof("user %s %s", u.login, enabled ? "enabled" : "disabled");
        });
    }

    /** Creates or updates a user of an external provider from its token's claims; returns the user. */
    public Uni<User> fromExternalToken(String issuer, String subject, String login, String displayName, String email) {
        return Panache.withTransaction(() -> User.<User>find("issuer = ?1 and subject = ?2", issuer, subject).firstResult()
                .chain(existing -> {
                    if (existing == null) {
                        return uniqueLogin(login).chain(free -> create(new NewUser(free, displayName, email, null, issuer, subject,
                                new String[] { User.ROLE_USER })));
                    }
                    if (existing.displayName.equals(displayName) && java.util.Objects.equals(existing.email, email)) {
                        return Uni.createFrom().item(existing);
                    }
                    existing.displayName = displayName;
                    existing.email = email;
                    existing.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return Panache.getSession().chain(s -> s.createNativeQuery("delete from user_search_token where user_id = :id")
                            .setParameter("id", existing.id).executeUpdate())
                            .chain(() -> indexWords(existing)).chain(() -> events.changed(existing)).replaceWith(existing);
                }));
    }

    /** A login not yet taken, from the provider's preferred one. */
    private Uni<String> uniqueLogin(String wanted) {
        return User.count("login", wanted).chain(n -> n == 0 ? Uni.createFrom().item(wanted)
                : Uni.createFrom().item(wanted + "-" + UUID.randomUUID().toString().substring(0, 6)));
    }

    /** Enabled users with, for every word of the query, a word starting with it; by display name. */
    @WithSession
    public Uni<List<User>> search(String query, int offset, int limit) {
        List<String> words = SearchWords.of(query);
        if (words.isEmpty()) {
            return User.<User>find("enabled = true order by displayName, login").range(offset, offset + limit - 1).list();
        }
        // The longest word is the most selective. If few users have a word with that prefix, start from them; if
        // many do, walk users in display order, where the page fills quickly. (Either plan alone is slow for the
        // other kind of query: first-name prefixes cluster in display order.)
        String driver = words.stream().max(java.util.Comparator.comparingInt(String::length)).orElseThrow();
        int selective = config.directorySelectiveCandidates();
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select count(*) from (select 1 from user_search_token where token like :w limit :cap) c", Long.class)
                .setParameter("w", driver + "%").setParameter("cap", selective + 1).getSingleResult()
                .chain(candidates -> {
                    StringBuilder sql = new StringBuilder();
                    if (candidates <= selective) {
                        sql.append("with candidate as materialized (select distinct user_id from user_search_token where token like :driver) ")
                                .append("select u.* from app_user u join candidate c on c.user_id = u.id where u.enabled");
                    } else {
                        sql.append("select u.* from app_user u where u.enabled");
                    }
                    for (int i = 0; i < words.size(); i++) {
                        sql.append(" and exists (select 1 from user_search_token t where t.user_id = u.id and t.token like :w")
                                .append(i).append(")");
                    }
                    sql.append(" order by u.display_name, u.login limit :limit offset :offset");
                    Mutiny.SelectionQuery<User> q = s.createNativeQuery(sql.toString(), User.class);
                    if (candidates <= selective) {
                        q.setParameter("driver", driver + "%");
                    }
                    for (int i = 0; i < words.size(); i++) {
                        q.setParameter("w" + i, words.get(i) + "%");
                    }
                    return q.setParameter("limit", limit).setParameter("offset", offset).getResultList();
                }));
    }

    public Uni<List<User>> list(int offset, int limit) {
        return User.<User>find("order by login").range(offset, offset + limit - 1).list();
    }

    private Uni<Void> indexWords(User u) {
        Set<String> words = SearchWords.ofUser(u.login, u.displayName, u.email);
        // one session runs one statement at a time
        return Panache.getSession().chain(s -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (String w : words) {
                all = all.chain(() -> s.createNativeQuery("insert into user_search_token (token, user_id) values (:t, :u)")
                        .setParameter("t", w).setParameter("u", u.id).executeUpdate().replaceWithVoid());
            }
            return all;
        });
    }
}
