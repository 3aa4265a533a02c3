package org.salon.room.domain;

/** Who acts: a user or guest id, the name their token gives, and whether they are a guest or a cloud admin. */
public record Caller(String id, String displayName, boolean guest, boolean admin) {
}
