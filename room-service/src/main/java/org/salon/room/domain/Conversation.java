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
