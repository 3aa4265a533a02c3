package org.salon.room.domain;

import org.salon.platform.problem.ProblemException;

/** The rules of a conversation's name: trimmed, 1 to max characters, no control characters. */
public final class ConversationName {

    public static String normalise(String raw, int maxLength) {
        if (raw == null) {
            throw ProblemException.badRequest("A conversation needs a name");
        }
        String name = raw.strip();
        if (name.isEmpty()) {
            throw ProblemException.badRequest("A conversation's name cannot be blank");
        }
        if (name.codePointCount(0, name.length()) > maxLength) {
            throw ProblemException.badRequest("A conversation's name is at most " + maxLength + " characters");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("A conversation's name cannot contain control characters");
        }
        return name;
    }

    private ConversationName() {
    }
}
