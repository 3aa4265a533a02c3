package org.salon.auth.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.salon.auth.domain.SigningKeys;
import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.TopicReader;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = { @ResourceArg(name = "database", value = "auth"),
        @ResourceArg(name = "tokens", value = "own") })
class IdentityTest {

    @ConfigProperty(name = "salon.auth.issuer")
    String issuer;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    SigningKeys signingKeys;

    @Test
    void discoveryAndKeysArePublished() {
        given().get("/api/auth/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo(issuer)).body("jwks_uri", equalTo(issuer + "/.well-known/jwks.json"))
                .body("token_endpoint", equalTo(issuer + "/token"));
        given().get("/api/auth/.well-known/jwks.json").then().statusCode(200)
                .body("keys.kty", hasItem("RSA")).body("keys[0].kid", notNullValue()).body("keys[0].d", equalTo(null));
    }

    @Test
    void discoveryNamesTheEndpointsWhereTheRequestCameIn() {
        // a service in a cluster asks auth-service by its own address: keys and tokens from there, the issuer unchanged
        given().header("Host", "auth-service").get("/api/auth/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo(issuer))
                .body("jwks_uri", equalTo("http://auth-service/api/auth/.well-known/jwks.json"))
                .body("token_endpoint", equalTo("http://auth-service/api/auth/token"));
    }

    @Test
    void aDemoUserLogsInAndTheTokenSaysWhoTheyAre() {
        String token = AuthFixtures.token("alice");
        JsonNode claims = TopicReader.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        assertEquals(issuer, claims.path("iss").asText());
        assertEquals("salon", claims.path("aud").isArray() ? claims.path("aud").get(0).asText() : claims.path("aud").asText());
        assertEquals("alice", claims.path("preferred_username").asText());
        assertTrue(claims.path("groups").toString().contains("admin"));
        assertTrue(claims.path("exp").asLong() - claims.path("iat").asLong() <= 600, "short-lived");
        given().auth().oauth2(token).get("/api/auth/me").then().statusCode(200)
                .body("guest", equalTo(false)).body("user.login", equalTo("alice")).body("user.avatar.initials", equalTo("AM"));
    }

    @Test
    void unknownLoginAndWrongPasswordGetTheSameAnswerInSimilarTime() {
        List<Long> unknown = new ArrayList<>();
        List<Long> wrong = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String ip = "198.51.100." + (10 + i);
            long t0 = System.nanoTime();
            String a = AuthFixtures.login("nobody-" + i, "whatever-password", ip).statusCode(401)
                    .contentType("application/problem+json").extract().path("detail");
            long t1 = System.nanoTime();
            String b = AuthFixtures.login("dave", "whatever-password", ip).statusCode(401).extract().path("detail");
            long t2 = System.nanoTime();
            assertEquals(a, b, "the same answer");
            unknown.add(t1 - t0);
            wrong.add(t2 - t1);
        }
        Collections.sort(unknown);
        Collections.sort(wrong);
        // an unknown login is checked against a decoy hash: it costs about what a real check costs
        assertTrue(unknown.get(2) * 2 > wrong.get(2), "unknown " + unknown + " vs wrong " + wrong);
    }

    @Test
    void repeatedFailuresLockThatIpOutWithRetryAfterButNotAnotherIp() {
        String attacker = "203.0.113.7";
        for (int i = 0; i < 5; i++) {
            AuthFixtures.login("carol", "wrong-password-" + i, attacker).statusCode(401);
        }
        AuthFixtures.login("carol", "wrong-password-again", attacker).statusCode(429)
                .contentType("application/problem+json").header("Retry-After", notNullValue());
        AuthFixtures.login("carol", AuthFixtures.DEMO_PASSWORD, attacker).statusCode(429);
        // carol herself, from her own address, is not locked out, and her success does not unlock the attacker
        AuthFixtures.login("carol", AuthFixtures.DEMO_PASSWORD, "192.0.2.44").statusCode(200);
        AuthFixtures.login("carol", AuthFixtures.DEMO_PASSWORD, attacker).statusCode(429);
    }

    @Test
    void refreshTokensRotateAndLogoutRevokesThem() {
        String refresh = AuthFixtures.login("bob", AuthFixtures.DEMO_PASSWORD, "192.0.2.2").statusCode(200)
                .extract().path("refresh_token");
        String next = refresh(refresh).statusCode(200).body("access_token", notNullValue()).extract().path("refresh_token");
        assertNotEquals(refresh, next);
        refresh(refresh).statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.URLENC).formParam("refresh_token", next).post("/api/auth/logout").then().statusCode(204);
        refresh(next).statusCode(401);
    }

    @Test
    void theDirectoryFindsUsersByWordPrefixIgnoringCaseAndAccents() {
        String admin = AuthFixtures.token("alice");
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        createUser(admin, "zoe" + suffix, "Zoé Lefèvre", "zoe.lefevre@example.org").statusCode(201);
        createUser(admin, "zack" + suffix, "Zack Lefort", null).statusCode(201);
        String bob = AuthFixtures.token("bob");
        search(bob, "zoe").body("users.login", hasItem("zoe" + suffix));
        search(bob, "ZOÉ lef").body("users.login", hasItem("zoe" + suffix)).body("users.login", not(hasItem("zack" + suffix)));
        search(bob, "LEFÈ").body("users.displayName", hasItem("Zoé Lefèvre"));
        search(bob, "lefevre@exam").body("users.login", hasItem("zoe" + suffix));
        search(bob, "zoe nothing").body("users", empty());
        search(bob, "éloïse").body("users.login", hasItem("carol"));
        // a broad prefix (more matching words than salon.auth.directory-selective-candidates) walks the directory in order
        search(bob, "a").body("users.login", hasItem("alice")).body("users.login", not(hasItem("bob")));
        search(bob, "d").body("users.displayName", hasItem("Dave Okafor"));
        given().auth().oauth2(bob).queryParam("search", "lef").queryParam("size", 1).get("/api/auth/users").then()
                .statusCode(200).body("users", hasSize(1)).body("more", equalTo(true));
        given().auth().oauth2(bob).queryParam("size", 0).get("/api/auth/users").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void adminsCreateAndDisableUsersOthersMayNot() {
        String admin = AuthFixtures.token("alice");
        String login = "erin" + UUID.randomUUID().toString().substring(0, 6);
        String id = createUser(admin, login, "Erin Walsh", "erin@example.org").statusCode(201).extract().path("id");
        createUser(admin, login, "Erin Again", null).statusCode(409).contentType("application/problem+json");
        createUser(admin, "Not A Login!", "X", null).statusCode(400).body("detail", containsString("login"));
        createUser(admin, "shortpw" + UUID.randomUUID().toString().substring(0, 4), "Short", null, "short").statusCode(400);
        createUser(admin, "ctl" + UUID.randomUUID().toString().substring(0, 4), "Bell\u0007", null).statusCode(400);
        createUser(AuthFixtures.token("bob"), "mallory", "Mallory", null).statusCode(403).contentType("application/problem+json");

        AuthFixtures.login(login, "a-good-password", "192.0.2.9").statusCode(200);
        try (TopicReader users = new TopicReader(kafka, "salon.users")) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"enabled\":false}")
                    .patch("/api/auth/admin/users/" + id).then().statusCode(200).body("enabled", equalTo(false));
            List<JsonNode> events = users.awaitEvents(e -> id.equals(e.path("subject").asText()), 2, Duration.ofSeconds(15));
            assertEquals(List.of(true, false), events.stream().map(e -> e.at("/data/enabled").asBoolean()).toList());
            assertEquals("org.salon.user.changed", events.get(1).path("type").asText());
        }
        AuthFixtures.login(login, "a-good-password", "192.0.2.9").statusCode(401);
        search(AuthFixtures.token("bob"), login).body("users", empty());
        given().auth().oauth2(admin).get("/api/auth/admin/users?size=100").then().statusCode(200)
                .body("users.login", hasItem(login));
    }

    @Test
    void aGuestTokenNamesOneConversationAndOpensNoDirectory() {
        String conversation = UUID.randomUUID().toString();
        String guest = AuthFixtures.guestToken(conversation, "  Gaston  ");
        given().auth().oauth2(guest).get("/api/auth/me").then().statusCode(200).body("guest", equalTo(true))
                .body("conversation", equalTo(conversation)).body("displayName", equalTo("Gaston"));
        given().auth().oauth2(guest).get("/api/auth/users").then().statusCode(403);
        given().auth().oauth2(guest).get("/api/auth/admin/users").then().statusCode(403);
        String service = AuthFixtures.serviceToken();
        for (String bad : List.of("{\"conversation\":\"" + conversation + "\",\"displayName\":\"   \"}",
                "{\"conversation\":\"" + conversation + "\",\"displayName\":\"" + "x".repeat(65) + "\"}",
                "{\"conversation\":\"" + conversation + "\",\"displayName\":\"rtl\\u202Eevil\"}",
                "{\"conversation\":\"../etc\",\"displayName\":\"Gaston\"}")) {
            given().auth().oauth2(service).contentType(ContentType.JSON).body(bad).post("/api/auth/guest-tokens").then()
                    .statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(AuthFixtures.token("bob")).contentType(ContentType.JSON)
                .body("{\"conversation\":\"" + conversation + "\",\"displayName\":\"Gaston\"}").post("/api/auth/guest-tokens")
                .then().statusCode(403);
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials").formParam("client_id", "room-service")
                .formParam("client_secret", "wrong").post("/api/auth/token").then().statusCode(401);
    }

    @Test
    void tokensSignedBeforeARotationStillVerify() {
        String before = AuthFixtures.token("dave");
        signingKeys.rotateNow();
        String after = AuthFixtures.token("dave");
        assertNotEquals(kid(before), kid(after));
        given().get("/api/auth/.well-known/jwks.json").then().body("keys.kid", hasItem(kid(before))).body("keys.kid", hasItem(kid(after)));
        given().auth().oauth2(before).get("/api/auth/me").then().statusCode(200);
        given().auth().oauth2(after).get("/api/auth/me").then().statusCode(200);
    }

    @Test
    void badTokenRequestsAreProblems() {
        given().contentType(ContentType.URLENC).formParam("grant_type", "magic").post("/api/auth/token").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.URLENC).formParam("grant_type", "password").formParam("client_id", "evil-app")
                .formParam("username", "alice").formParam("password", "x").post("/api/auth/token").then().statusCode(400);
        given().contentType(ContentType.URLENC).post("/api/auth/token").then().statusCode(400);
        // a NUL in the login reached PostgreSQL (500); a form field over the limit was Quarkus' plain-text 500
        given().header("X-Forwarded-For", "192.0.2.30").contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("client_id", "salon-web").formParam("username", "al\u0000ice").formParam("password", "x")
                .post("/api/auth/token").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("NUL"));
        given().header("X-Forwarded-For", "192.0.2.31").contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("client_id", "salon-web").formParam("username", "a".repeat(100_000)).formParam("password", "x")
                .post("/api/auth/token").then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void oneUserIsReadByIdAndBadUserRequestsAreProblems() {
        String admin = AuthFixtures.token("alice");
        String bobId = given().auth().oauth2(admin).queryParam("search", "bob").get("/api/auth/users").then().statusCode(200)
                .extract().path("users.find { it.login == 'bob' }.id");
        given().auth().oauth2(AuthFixtures.token("carol")).get("/api/auth/users/" + bobId).then().statusCode(200)
                .body("login", equalTo("bob")).body("displayName", equalTo("Bob Dupont"));
        given().auth().oauth2(admin).get("/api/auth/users/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        // a null role was a NullPointerException (500)
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"login\":\"nullrole\",\"displayName\":\"N\","
                + "\"password\":\"a-good-password\",\"roles\":[null]}").post("/api/auth/admin/users").then().statusCode(400)
                .contentType("application/problem+json");
    }

    private static io.restassured.response.ValidatableResponse refresh(String token) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "refresh_token").formParam("client_id", "salon-web")
                .formParam("refresh_token", token).post("/api/auth/token").then();
    }

    private static io.restassured.response.ValidatableResponse search(String token, String query) {
        return given().auth().oauth2(token).queryParam("search", query).get("/api/auth/users").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse createUser(String token, String login, String name, String email) {
        return createUser(token, login, name, email, "a-good-password");
    }

    private static io.restassured.response.ValidatableResponse createUser(String token, String login, String name, String email,
            String password) {
        String body = "{\"login\":\"" + login + "\",\"displayName\":\"" + name.replace("\u0007", "\\u0007") + "\",\"password\":\""
                + password + "\"" + (email == null ? "" : ",\"email\":\"" + email + "\"") + "}";
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/auth/admin/users").then();
    }

    private static String kid(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        return TopicReader.parse(header).path("kid").asText();
    }
}
