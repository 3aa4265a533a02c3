package org.salon.auth.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.auth.domain.User;
import org.salon.contracts.events.Topics;
import org.salon.contracts.events.UserEvents;
import org.salon.platform.events.CloudEvents;
import org.salon.platform.outbox.Outbox;

import io.smallrye.mutiny.Uni;

/** Where auth-service's events leave: a snapshot of the user into the outbox, in the change's transaction. */
@ApplicationScoped
public class UserEventsOut {

    @Inject
    Outbox outbox;

    public Uni<Void> changed(User u) {
        String id = u.id.toString();
        return outbox.append(Topics.USERS, id, CloudEvents.envelope(UserEvents.SOURCE, UserEvents.CHANGED, id,
                new UserEvents.Changed(id, u.login, u.displayName, u.email, u.enabled)));
    }
}
