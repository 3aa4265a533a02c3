package org.salon.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.salon.testkit.Launcher;

import io.restassured.http.ContentType;

/**
 * Another OpenID Connect provider is configuration only: a real Keycloak with a realm, a user and a client;
 * auth-service and room-service pointed at it (SALON_OIDC_URL, SALON_OIDC_ROLES_CLAIM). The Keycloak user's
 * token opens the services and lands the user in Salon's directory.
 */
class KeycloakIT {
    static Launcher salon;
    static Process keycloak;
    static String keycloakUrl;

    @BeforeAll
    static void start() throws Exception {
        // a fresh development database each run: the realm is created by this test
        Path data = Path.of(System.getProperty("keycloak.home"), "data");
        if (Files.exists(data)) {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        int port = Launcher.freePort();
        keycloakUrl = "http://127.0.0.1:" + port;
        ProcessBuilder kc = new ProcessBuilder(Path.of(System.getProperty("keycloak.home"), "bin", "kc.sh").toString(),
                "start-dev", "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + Launcher.freePort(),
                "--hostname-strict=false")
                .redirectErrorStream(true).redirectOutput(Path.of("target", "keycloak.log").toFile());
        kc.environment().putAll(Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", "admin", "KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-for-tests"));
        keycloak = kc.start();

        salon = new Launcher("salon-keycloak-").set("SALON_SKIP_BUILD", "1")
                .set("SALON_OIDC_URL", keycloakUrl + "/realms/salon").set("SALON_OIDC_ROLES_CLAIM", "realm_access/roles");
        List.of("AUTH", "ROOM", "PG", "KAFKA", "KAFKA_CONTROLLER").forEach(salon::freePort);
        salon.require(180, "component", "start", "postgres");
        salon.require(180, "component", "start", "kafka");

        awaitKeycloak(Duration.ofSeconds(180));
        createRealm();
        salon.require(180, "component", "start", "auth-service");
        salon.require(180, "component", "start", "room-service");
    }

    @AfterAll
    static void stop() {
        if (salon != null) {
            for (String c : List.of("room-service", "auth-service", "kafka", "postgres")) {
                salon.run(Map.of(), 60, "component", "stop", c);
            }
        }
        if (keycloak != null) {
            keycloak.descendants().forEach(ProcessHandle::destroy);
            keycloak.destroy();
        }
    }

    @Test
    void aKeycloakUsersTokenOpensTheSuiteAndLandsThemInTheDirectory() {
        String token = given().contentType(ContentType.URLENC).formParam("grant_type", "password").formParam("client_id", "salon-web")
                .formParam("username", "kim").formParam("password", "kim-password").formParam("scope", "openid")
                .post(keycloakUrl + "/realms/salon/protocol/openid-connect/token").then().statusCode(200)
                .extract().path("access_token");
        String room = "http://127.0.0.1:" + salon.get("SALON_ROOM_PORT");
        String auth = "http://127.0.0.1:" + salon.get("SALON_AUTH_PORT");

        String conversation = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\":\"Made with Keycloak\",\"type\":\"public\"}").post(room + "/api/room/conversations").then().statusCode(201).body("name", equalTo("Made with Keycloak"))
                .extract().path("id");
        given().auth().oauth2(token).get(auth + "/api/auth/me").then().statusCode(200)
                .body("user.login", equalTo("kim")).body("user.displayName", equalTo("Kim Lee"))
                .body("user.email", equalTo("kim@example.org"));
        given().auth().oauth2(token).queryParam("search", "lee").get(auth + "/api/auth/users").then().statusCode(200)
                .body("users.login", hasItem("kim"));

        // guests' tokens still come from auth-service (asked by room-service): the services trust both issuers
        String link = given().auth().oauth2(token).get(room + "/api/room/conversations/" + conversation).then().statusCode(200)
                .extract().path("link");
        String guest = given().contentType(ContentType.JSON).body("{\"displayName\":\"Gaston\"}")
                .post(room + "/api/room/public/" + link + "/join").then().statusCode(200).extract().path("token");
        given().auth().oauth2(guest).get(room + "/api/room/conversations/" + conversation).then().statusCode(200);
        given().auth().oauth2(guest).get(room + "/api/room/conversations/" + java.util.UUID.randomUUID()).then().statusCode(403);
        given().auth().oauth2(guest).get(auth + "/api/auth/users").then().statusCode(403);

        String tampered = token.substring(0, token.length() - 4) + "AAAA";
        given().auth().oauth2(tampered).get(auth + "/api/auth/me").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(tampered).contentType(ContentType.JSON).body("{\"name\":\"x\"}")
                .post(room + "/api/room/conversations").then().statusCode(401);
    }

    static void awaitKeycloak(Duration wait) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                if (given().get(keycloakUrl + "/realms/master").statusCode() == 200) {
                    return;
                }
            } catch (Exception notYet) {
                // connection refused while it starts
            }
            assertTrue(keycloak.isAlive(), "Keycloak exited; see target/keycloak.log");
            assertTrue(System.nanoTime() < deadline, "Keycloak ready within " + wait);
            Thread.sleep(500);
        }
    }

    /** Realm "salon": realm role "user", user kim with it, public client salon-web whose tokens carry audience "salon". */
    static void createRealm() {
        String admin = given().contentType(ContentType.URLENC).formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin-for-tests")
                .post(keycloakUrl + "/realms/master/protocol/openid-connect/token").then().statusCode(200)
                .extract().path("access_token");
        String realm = """
                {"realm": "salon", "enabled": true,
                 "roles": {"realm": [{"name": "user"}]},
                 "users": [{"username": "kim", "enabled": true, "email": "kim@example.org", "emailVerified": true,
                            "firstName": "Kim", "lastName": "Lee", "realmRoles": ["user"],
                            "credentials": [{"type": "password", "value": "kim-password", "temporary": false}]}],
                 "clients": [{"clientId": "salon-web", "publicClient": true, "directAccessGrantsEnabled": true,
                              "protocolMappers": [{"name": "salon audience", "protocol": "openid-connect",
                                                   "protocolMapper": "oidc-audience-mapper",
                                                   "config": {"included.custom.audience": "salon",
                                                              "access.token.claim": "true", "id.token.claim": "false"}}]}]}
                """;
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(realm).post(keycloakUrl + "/admin/realms").then()
                .statusCode(201);
    }
}
