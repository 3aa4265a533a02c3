package org.salon.auth.api;

import java.util.List;
import java.util.UUID;

import org.salon.auth.domain.Avatar;
import org.salon.auth.domain.User;

/** A user as the directory shows them. */
public record UserView(UUID id, String login, String displayName, String email, Avatar avatar, boolean enabled,
        List<String> roles) {

    static UserView of(User u) {
        return new UserView(u.id, u.login, u.displayName, u.email, Avatar.of(u), u.enabled, List.of(u.roles));
    }

    /** One page of users; {@code more} says whether the next page has any. */
    public record Page(List<UserView> users, int page, int size, boolean more) {
        static Page of(List<User> users, int page, int size) {
            boolean more = users.size() > size;
            return new Page(users.stream().limit(size).map(UserView::of).toList(), page, size, more);
        }
    }
}
