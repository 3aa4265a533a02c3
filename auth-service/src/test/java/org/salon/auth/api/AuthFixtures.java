package org.salon.auth.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Logins and tokens against the real auth-service under test (demo users, the test service client). */
final class AuthFixtures {
    static final String DEMO_PASSWORD = "demo-password-for-tests";

    static ValidatableResponse login(String login, String password, String ip) {
        return given().header("X-Forwarded-For", ip).contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("client_id", "salon-web").formParam("username", login).formParam("password", password)
                .post("/api/auth/token").then();
    }

    static String token(String login) {
        return login(login, DEMO_PASSWORD, "192.0.2.1").statusCode(200).extract().path("access_token");
    }

    static String serviceToken() {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", "room-service").formParam("client_secret", "test-secret")
                .post("/api/auth/token").then().statusCode(200).extract().path("access_token");
    }

    static String guestToken(String conversation, String name) {
        return given().auth().oauth2(serviceToken()).contentType(ContentType.JSON)
                .body("{\"conversation\":\"" + conversation + "\",\"displayName\":\"" + name + "\"}")
                .post("/api/auth/guest-tokens").then().statusCode(200).extract().path("token");
    }

    private AuthFixtures() {
    }
}
