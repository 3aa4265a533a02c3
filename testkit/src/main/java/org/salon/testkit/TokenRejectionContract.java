package org.salon.testkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every service refuses bad tokens with 401 and tokens without the right with 403, as problem+json. A service's
 * test extends this (with {@code @QuarkusTest} and its test resource) and names one protected path.
 */
public abstract class TokenRejectionContract {

    /** A GET path that {@link #validToken()} may use (any answer but 401 and 403). */
    protected abstract String protectedPath();

    /** A token the service accepts for {@link #protectedPath()}. */
    protected abstract String validToken();

    /** A valid token that lacks the right to {@link #protectedPath()}. */
    protected abstract String tokenWithoutTheRight();

    static Stream<Arguments> badTokens() {
        return Stream.of(Arguments.of("expired", TestTokens.expired()),
                Arguments.of("badly signed", TestTokens.badSignature()),
                Arguments.of("alg none", TestTokens.algNone()),
                Arguments.of("wrong issuer", TestTokens.wrongIssuer()),
                Arguments.of("wrong audience", TestTokens.wrongAudience()),
                Arguments.of("not a JWT", "not-a-token"));
    }

    @ParameterizedTest(name = "{0} token: 401")
    @MethodSource("badTokens")
    void badTokensAreUnauthorized(String kind, String token) {
        given().auth().oauth2(token).get(protectedPath()).then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401));
    }

    @Test
    void noTokenIsUnauthorized() {
        given().get(protectedPath()).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenWithoutTheRightIsForbidden() {
        given().auth().oauth2(tokenWithoutTheRight()).get(protectedPath()).then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
    }

    @Test
    void aValidTokenIsAccepted() {
        int status = given().auth().oauth2(validToken()).get(protectedPath()).statusCode();
        assertTrue(status != 401 && status != 403, "accepted, got " + status);
    }
}
