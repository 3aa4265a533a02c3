package org.salon.media.api;

import org.salon.testkit.JanusResource;
import org.salon.testkit.TestTokens;
import org.salon.testkit.TokenRejectionContract;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = JanusResource.class, initArgs = @ResourceArg(name = "database", value = "media"))
class MediaTokenTest extends TokenRejectionContract {

    @Override
    protected String protectedPath() {
        return "/api/media/nodes";
    }

    @Override
    protected String validToken() {
        return TestTokens.user("an-admin", "user", "admin");
    }

    @Override
    protected String tokenWithoutTheRight() {
        return TestTokens.user();
    }
}
