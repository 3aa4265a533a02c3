package org.salon.room.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
public class Conversation extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Convert(converter = TypeColumn.class)
    @Column(nullable = false)
    public ConversationType type;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Argon2id hash of the guests' password, or null. */
    @Column(name = "password_hash")
    public String passwordHash;

    /** The secret part of the public link, for conversations that allow guests. */
    @Column(name = "link_token")
    public String linkToken;

    public boolean allowsGuests() {
        return type == ConversationType.PUBLIC;
    }

    @Converter
    public static class TypeColumn implements AttributeConverter<ConversationType, String> {
        @Override
        public String convertToDatabaseColumn(ConversationType type) {
            return type.wire();
        }

        @Override
        public ConversationType convertToEntityAttribute(String column) {
            return ConversationType.fromWire(column);
        }
    }
}
