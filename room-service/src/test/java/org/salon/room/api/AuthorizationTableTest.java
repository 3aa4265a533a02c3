package org.salon.room.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.salon.testkit.PostgresKafkaResource;
import org.salon.testkit.TestTokens;
import org.salon.testkit.TopicWriter;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every endpoint against every kind of caller, each cell on a fresh public conversation with an owner, a moderator,
 * two members and a guest. Expected statuses read in the order of {@link #CALLERS}.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "room"))
class AuthorizationTableTest {
    static final List<String> CALLERS = List.of("anonymous", "guest here", "guest elsewhere", "member", "non-member", "moderator",
            "owner", "admin");

    /** The conversation of one cell: ids and link. */
    record Cell(String id, String link, String otherMember, String newcomer) {
    }

    static Stream<Arguments> endpoints() {
        Map<String, BiFunction<RequestSpecification, Cell, Response>> calls = new LinkedHashMap<>();
        calls.put("401 403 403 201 201 201 201 201 POST /conversations",
                (r, c) -> r.body("{\"name\":\"New\"}").post(Room.CONVERSATIONS));
        calls.put("401 403 403 200 200 200 200 200 GET /conversations", (r, c) -> r.get(Room.CONVERSATIONS));
        calls.put("401 403 403 200 200 200 200 200 GET /conversations?search", (r, c) -> r.queryParam("search", "x").get(Room.CONVERSATIONS));
        calls.put("401 200 403 200 403 200 200 403 GET /conversations/{id}", (r, c) -> r.get(Room.CONVERSATIONS + "/" + c.id()));
        calls.put("401 403 403 403 403 200 200 403 PATCH /conversations/{id}",
                (r, c) -> r.body("{\"description\":\"d\"}").patch(Room.CONVERSATIONS + "/" + c.id()));
        calls.put("401 403 403 403 403 403 204 204 DELETE /conversations/{id}", (r, c) -> r.delete(Room.CONVERSATIONS + "/" + c.id()));
        calls.put("401 403 403 403 403 200 200 403 PUT /conversations/{id}/lobby",
                (r, c) -> r.body("{\"enabled\":true}").put(Room.CONVERSATIONS + "/" + c.id() + "/lobby"));
        calls.put("401 403 403 403 403 200 200 403 PUT /conversations/{id}/guests",
                (r, c) -> r.body("{\"allowed\":true}").put(Room.CONVERSATIONS + "/" + c.id() + "/guests"));
        calls.put("401 403 403 403 403 200 200 403 PUT /conversations/{id}/password",
                (r, c) -> r.body("{\"password\":\"p\"}").put(Room.CONVERSATIONS + "/" + c.id() + "/password"));
        calls.put("401 403 403 403 403 200 200 403 DELETE /conversations/{id}/password",
                (r, c) -> r.delete(Room.CONVERSATIONS + "/" + c.id() + "/password"));
        calls.put("401 403 403 200 403 200 200 403 PATCH /conversations/{id}/preferences",
                (r, c) -> r.body("{\"favourite\":true}").patch(Room.CONVERSATIONS + "/" + c.id() + "/preferences"));
        calls.put("401 200 403 200 403 200 200 403 GET /conversations/{id}/participants",
                (r, c) -> r.get(Room.CONVERSATIONS + "/" + c.id() + "/participants"));
        calls.put("401 403 403 403 403 200 200 403 POST /conversations/{id}/participants",
                (r, c) -> r.body("{\"users\":[\"" + c.newcomer() + "\"]}").post(Room.CONVERSATIONS + "/" + c.id() + "/participants"));
        calls.put("401 403 403 403 403 200 200 403 PATCH /conversations/{id}/participants/{other member}",
                (r, c) -> r.body("{\"role\":\"moderator\"}").patch(Room.CONVERSATIONS + "/" + c.id() + "/participants/" + c.otherMember()));
        calls.put("401 403 403 403 403 204 204 403 DELETE /conversations/{id}/participants/{other member}",
                (r, c) -> r.delete(Room.CONVERSATIONS + "/" + c.id() + "/participants/" + c.otherMember()));
        calls.put("200 200 200 200 200 200 200 200 GET /public/{link}", (r, c) -> r.get("/api/room/public/" + c.link()));
        return calls.entrySet().stream().map(e -> Arguments.of(e.getKey().substring(32), e.getKey().substring(0, 31), e.getValue()));
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    AgroalDataSource db;

    static String owner = UUID.randomUUID().toString();
    static String moderator;
    static String member;
    static String otherMember;
    static String newcomer;

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void whoMayCallIt(String endpoint, String expected, BiFunction<RequestSpecification, Cell, Response> call) throws Exception {
        knowTheUsers();
        List<String> statuses = List.of(expected.split(" "));
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < CALLERS.size(); i++) {
            Cell cell = freshConversation();
            RequestSpecification request = given().contentType(ContentType.JSON);
            String token = token(CALLERS.get(i), cell);
            if (token != null) {
                request.auth().oauth2(token);
            }
            Response response = call.apply(request, cell);
            if (!String.valueOf(response.statusCode()).equals(statuses.get(i))) {
                wrong.add(CALLERS.get(i) + ": " + response.statusCode() + " (expected " + statuses.get(i) + ")");
            } else if (response.statusCode() >= 400 && response.statusCode() != 401) {
                assertEquals("application/problem+json", response.contentType(), endpoint + " as " + CALLERS.get(i));
            }
        }
        assertEquals(List.of(), wrong, endpoint);
    }

    private void knowTheUsers() throws Exception {
        if (newcomer == null) {
            moderator = TopicWriter.user(kafka, "Mo Derator", true);
            member = TopicWriter.user(kafka, "Mem Ber", true);
            otherMember = TopicWriter.user(kafka, "Oth Er", true);
            newcomer = TopicWriter.user(kafka, "New Comer", true);
            Room.awaitKnown(db, moderator, member, otherMember, newcomer);
        }
    }

    private Cell freshConversation() throws Exception {
        var created = Room.create(TestTokens.user(owner), "{\"name\":\"Table\",\"type\":\"public\",\"participants\":[\"" + moderator
                + "\",\"" + member + "\",\"" + otherMember + "\"]}").statusCode(201).extract();
        String id = created.path("id");
        Room.update(db, "update participant set role = 'moderator' where conversation_id = '" + id + "' and participant_id = '"
                + moderator + "'");
        return new Cell(id, created.path("link"), otherMember, newcomer);
    }

    private String token(String caller, Cell cell) throws Exception {
        return switch (caller) {
            case "anonymous" -> null;
            case "guest here" -> Room.guestOf(db, cell.id());
            case "guest elsewhere" -> TestTokens.guest(UUID.randomUUID().toString());
            case "member" -> TestTokens.user(member);
            case "non-member" -> TestTokens.user();
            case "moderator" -> TestTokens.user(moderator);
            case "owner" -> TestTokens.user(owner);
            case "admin" -> TestTokens.user(UUID.randomUUID().toString(), "user", "admin");
            default -> throw new IllegalArgumentException(caller);
        };
    }
}
