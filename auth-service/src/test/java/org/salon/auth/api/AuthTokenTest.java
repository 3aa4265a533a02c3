package org.salon.auth.api;

import java.util.UUID;

import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.TokenRejectionContract;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = { @ResourceArg(name = "database", value = "auth"),
        @ResourceArg(name = "tokens", value = "own") })
class AuthTokenTest extends TokenRejectionContract {

    @Override
    protected String protectedPath() {
        return "/api/auth/users";
    }

    @Override
    protected String validToken() {
        return AuthFixtures.token("bob");
    }

    @Override
    protected String tokenWithoutTheRight() {
        return AuthFixtures.guestToken(UUID.randomUUID().toString(), "Visitor");
    }
}
