package org.salon.signaling.api;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * Once the upgrade's token is checked, its header goes: the request stays reachable from the connection for as
 * long as it is open, and the identity already holds the token. Idle sessions are what an instance holds most of.
 */
@ApplicationScoped
public class UpgradeHeaders implements HttpUpgradeCheck {

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return context.securityIdentity().map(identity -> {
            if (!identity.isAnonymous()) {
                context.httpRequest().headers().remove("Authorization");
            }
            return CheckResult.permitUpgradeSync();
        });
    }
}
