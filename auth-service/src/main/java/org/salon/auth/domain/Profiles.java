package org.salon.auth.domain;

import java.util.Locale;
import java.util.regex.Pattern;

import org.salon.platform.problem.ProblemException;

/** The rules of a user's login, display name, email and password. */
public final class Profiles {
    private static final Pattern LOGIN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");

    public static String login(String raw) {
        String login = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (!LOGIN.matcher(login).matches()) {
            throw ProblemException.badRequest("A login is 1 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
        }
        return login;
    }

    public static String displayName(String raw, int max) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > max) {
            throw ProblemException.badRequest("A display name is 1 to " + max + " characters");
        }
        if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw ProblemException.badRequest("A display name cannot contain control or formatting characters");
        }
        return name;
    }

    public static String email(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String email = raw.strip();
        if (!EMAIL.matcher(email).matches()) {
            throw ProblemException.badRequest("Not an email address");
        }
        return email;
    }

    public static String password(String raw) {
        if (raw == null || raw.length() < 8 || raw.length() > 1024) {
            throw ProblemException.badRequest("A password is 8 to 1024 characters");
        }
        return raw;
    }

    private Profiles() {
    }
}
