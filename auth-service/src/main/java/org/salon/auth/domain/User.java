package org.salon.auth.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A cloud user: a local account, or a user of an external OpenID Connect provider. */
@Entity
@Table(name = "app_user")
public class User extends PanacheEntityBase {
    public static final String ROLE_USER = "user";
    public static final String ROLE_ADMIN = "admin";

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String login;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    public String email;

    @Column(name = "avatar_url")
    public String avatarUrl;

    @Column(nullable = false)
    public boolean enabled = true;

    @Column(nullable = false)
    public String[] roles = { ROLE_USER };

    @Column(name = "password_hash")
    public String passwordHash;

    public String issuer;

    public String subject;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public boolean isAdmin() {
        return Arrays.asList(roles).contains(ROLE_ADMIN);
    }
}
