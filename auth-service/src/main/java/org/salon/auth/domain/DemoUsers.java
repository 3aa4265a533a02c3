package org.salon.auth.domain;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.salon.auth.config.AuthConfig;
import org.salon.platform.security.Passwords;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/** The demo users the local launcher asks for (with a password it generated): alice (admin), bob, carol, dave. */
@ApplicationScoped
public class DemoUsers {
    static final List<Directory.NewUser> PEOPLE = List.of(
            person("alice", "Alice Martin", User.ROLE_USER, User.ROLE_ADMIN),
            person("bob", "Bob Dupont", User.ROLE_USER),
            person("carol", "Carol Éloïse Nguyen", User.ROLE_USER),
            person("dave", "Dave Okafor", User.ROLE_USER));

    @Inject
    AuthConfig config;

    @Inject
    Directory directory;

    @Inject
    Passwords passwords;

    void create(@Observes StartupEvent startup) throws Throwable {
        if (config.demo().password().isEmpty()) {
            return;
        }
        String hash = passwords.hash(config.demo().password().get());
        for (Directory.NewUser person : PEOPLE) {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> directory.byLogin(person.login())
                    .chain(existing -> existing != null ? Uni.createFrom().item(existing)
                            : directory.create(new Directory.NewUser(person.login(), person.displayName(), person.email(), hash,
                                    null, null, person.roles())))));
        }
    }

    private static Directory.NewUser person(String login, String name, String... roles) {
        return new Directory.NewUser(login, name, login + "@salon.test", null, null, null, roles);
    }
}
