package org.salon.signaling.api;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Once the upgrade is authenticated, what only the authentication needed goes: the token's header and the chain
 * that resolved the identity (the identity itself stays, and holds the token). The upgrade request stays reachable
 * from the connection for as long as it is open, and idle sessions are what an instance holds most of.
 */
@ApplicationScoped
public class UpgradeHeaders implements HttpUpgradeCheck {

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return context.securityIdentity().map(identity -> {
            if (!identity.isAnonymous()) {
                context.httpRequest().headers().remove("Authorization");
                RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(identity);
                if (routing != null) {
                    QuarkusHttpUser.setIdentity(identity, routing);
                }
            }
            return CheckResult.permitUpgradeSync();
        });
    }
}
