package org.salon.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Guests let in by a link, back to back, while the token with which room-service asks auth-service for theirs keeps
 * expiring (the stack issues services' tokens for {@link #LIFETIME}): every one gets in. A service refuses a token
 * from the second of its expiry on, and room-service used to send it throughout that second: the guests then were
 * answered 503 once every token lifetime.
 */
@Order(4)
class ServiceTokenExpiryIT {
    static final Duration LIFETIME = Duration.ofSeconds(3);

    @Test
    void guestsGetInWhileRoomServicesOwnTokenExpires() throws Exception {
        ResilienceStack stack = ResilienceStack.shared();
        Fixtures.World w = new Fixtures(stack).world();
        Map<Integer, Integer> answers = new TreeMap<>();
        int joins = 0;
        long end = System.nanoTime() + LIFETIME.multipliedBy(3).toNanos();
        while (System.nanoTime() < end) {
            HttpResponse<String> r = stack.http.send(HttpRequest.newBuilder(URI.create(stack.gateway() + "/api/room/public/" + w.link() + "/join"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"Visitor " + joins + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            answers.merge(r.statusCode(), 1, Integer::sum);
            joins++;
            Fixtures.sleep(20);
        }
        assertEquals(Map.of(200, joins), answers, "every guest let in, across three expiries of room-service's token");
    }
}
