package org.salon.chat.api;

import java.util.UUID;

import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.TestTokens;
import org.salon.testkit.TokenRejectionContract;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class ChatTokenTest extends TokenRejectionContract {
    static final String CONVERSATION = UUID.randomUUID().toString();

    @Override
    protected String protectedPath() {
        return "/api/chat/conversations/" + CONVERSATION + "/messages";
    }

    @Override
    protected String validToken() {
        return TestTokens.guest(CONVERSATION);
    }

    @Override
    protected String tokenWithoutTheRight() {
        return TestTokens.guest(UUID.randomUUID().toString());
    }
}
