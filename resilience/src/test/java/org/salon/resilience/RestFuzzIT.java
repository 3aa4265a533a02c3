package org.salon.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every REST operation in the services' OpenAPI documents, fed hostile variants of a valid request (see
 * {@link Fuzz}): the answer is never 5xx, every refusal is problem+json with a reason and no stack trace, and a
 * refused request leaves the service's database and every Kafka topic as they were.
 */
@Order(2)
class RestFuzzIT {

    /** Counts per service, for the report. */
    private static final class Tally {
        int operations;
        int inputs;
        int throughGateway;
        int accepted;
        int refused;
        int failed;
    }

    @Test
    void everyOperationRefusesHostileInputWithAProblemAndWritesNothing() throws Exception {
        long seed = Fuzz.seed("REST fuzz");
        int randomPerOperation = Integer.getInteger("salon.fuzz.random", 20);
        ResilienceStack stack = ResilienceStack.shared();
        Fixtures fixtures = new Fixtures(stack);
        Fuzz fuzz = new Fuzz(seed);
        List<String> failures = new ArrayList<>();
        Map<String, Tally> tallies = new LinkedHashMap<>();
        int sent = 0;
        for (String service : ResilienceStack.FUZZED) {
            JsonNode document = stack.send(HttpRequest.newBuilder(URI.create(stack.service(service) + "/q/openapi?format=json")), 200);
            Tally tally = tallies.computeIfAbsent(service, s -> new Tally());
            for (OpenApi.Operation op : OpenApi.operations(service, document)) {
                tally.operations++;
                Fuzz.Baseline valid = fixtures.baseline(op, fixtures.world());
                fixtures.prepare(op, valid, valid.token());
                HttpResponse<String> answer = send(stack, fixtures.request(op, valid.token(), baseline(op, valid), forwardedFor(sent++)));
                if (answer.statusCode() >= 300) {
                    failures.add(op.key() + ": its valid request answered " + answer.statusCode() + " " + answer.body());
                }
                Fuzz.Baseline target = fixtures.baseline(op, fixtures.world());
                fixtures.prepare(op, target, target.token());
                List<Fuzz.Case> refused = new ArrayList<>();
                for (Fuzz.Case c : fuzz.cases(op, target, randomPerOperation)) {
                    tally.inputs++;
                    if (throughGateway(op, c)) {
                        tally.throughGateway++;
                    }
                    HttpResponse<String> r = sendCase(stack, fixtures, op, target, c, sent++, failures);
                    if (r == null || r.statusCode() >= 500) {
                        tally.failed++;
                    } else if (r.statusCode() >= 400) {
                        tally.refused++;
                        refused.add(c);
                    } else {
                        tally.accepted++;
                    }
                    String wrong = r == null ? null : wrongAnswer(r);
                    if (wrong != null) {
                        failures.add(describe(op, c) + wrong);
                    }
                }
                // again, one by one in a quiet suite, what was refused: did it leave a trace?
                boolean quiet = false;
                for (Fuzz.Case c : refused) {
                    if (!quiet) {
                        stack.quiet();
                        quiet = true;
                    }
                    String before = stack.state(service);
                    HttpResponse<String> r = sendCase(stack, fixtures, op, target, c, sent++, failures);
                    if (r != null && r.statusCode() >= 400 && r.statusCode() < 500) {
                        String after = stack.state(service);
                        if (!after.equals(before)) {
                            failures.add(describe(op, c) + "refused (" + r.statusCode() + ") but something was written: " + before + " -> " + after);
                        }
                    } else {
                        quiet = false;
                    }
                }
            }
        }
        report(seed, randomPerOperation, tallies);
        assertTrue(failures.isEmpty(), "seed " + seed + ", " + failures.size() + " wrong answers:\n" + String.join("\n",
                failures.subList(0, Math.min(Integer.getInteger("salon.fuzz.show", 60), failures.size()))));
        assertEquals(0, tallies.values().stream().mapToInt(t -> t.failed).sum());
    }

    /** Sends one case; a request left without an answer is a failure of its own (and null). */
    private static HttpResponse<String> sendCase(ResilienceStack stack, Fixtures fixtures, OpenApi.Operation op, Fuzz.Baseline target,
            Fuzz.Case c, int n, List<String> failures) throws InterruptedException {
        HttpRequest request = fixtures.request(op, target.token(), c, forwardedFor(n), throughGateway(op, c)).build();
        try {
            return stack.http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException closed) {
            // the server may close a kept-alive connection after an error answer: a second try on a new one tells
            try {
                return stack.http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                failures.add(describe(op, c) + "no answer (" + e + ")");
                return null;
            }
        }
    }

    private static String describe(OpenApi.Operation op, Fuzz.Case c) {
        return op.key() + (throughGateway(op, c) ? " (through the gateway)" : "") + " [" + c.label() + "] "
                + c.target().substring(0, Math.min(120, c.target().length())) + ": ";
    }

    /**
     * About one case in four, always the same ones, goes through the gateway (nginx in front, as browsers reach the
     * services) rather than to the service's port; media-gateway's API is not routed by it.
     */
    static boolean throughGateway(OpenApi.Operation op, Fuzz.Case c) {
        return !op.service().equals("media") && Math.floorMod((op.key() + c.label() + c.target()).hashCode(), 4) == 0;
    }

    private static Fuzz.Case baseline(OpenApi.Operation op, Fuzz.Baseline b) {
        return new Fuzz.Case("valid", Fuzz.target(op, b.path(), b.query()), op.body() == null ? null : op.body().mediaType(),
                b.body() == null ? null : Fuzz.encode(op.body().mediaType(), b.body()));
    }

    /** A different client address for every request, so that throttling by address does not hide what lies behind it. */
    private static String forwardedFor(int n) {
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    private static HttpResponse<String> send(ResilienceStack stack, HttpRequest.Builder request) throws Exception {
        return stack.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What is wrong with an answer, or null: a 5xx, or a refusal that is not a problem with a reason. */
    static String wrongAnswer(HttpResponse<String> r) {
        int status = r.statusCode();
        if (status >= 500) {
            return "answered " + status + ": " + abbreviate(r.body());
        }
        if (status < 400) {
            return null;
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return "refused " + status + " as '" + type + "', not problem+json: " + abbreviate(r.body());
        }
        try {
            JsonNode problem = ResilienceStack.JSON.readTree(r.body());
            if (problem.path("status").asInt() != status || (problem.path("detail").asText().isBlank() && problem.path("title").asText().isBlank())) {
                return "a problem without its status or a reason: " + abbreviate(r.body());
            }
        } catch (Exception e) {
            return "a problem that is not JSON: " + abbreviate(r.body());
        }
        return problemNamingInternals(r.body());
    }

    /** Why a problem's body tells too much (an exception's name, a stack trace), or null. */
    static String problemNamingInternals(String body) {
        return body.contains("Exception") || body.contains("\tat ") ? "a problem naming internals: " + abbreviate(body) : null;
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static void report(long seed, int randomPerOperation, Map<String, Tally> tallies) {
        StringBuilder md = new StringBuilder("""
                ### REST fuzzing

                Every operation of each service's OpenAPI document (`/q/openapi`), sent straight to the service (about one
                input in four of those the gateway routes through it instead): first its
                valid request (which must succeed), then hostile variants of it, one change each (every body field given
                edge values of every JSON type and hostile text: NUL, bidi overrides, zero-width and combining marks, a
                lone surrogate, SQL and HTML injection, traversal; required fields dropped, an unknown one added; bodies
                that are empty, scalars, broken, 10,000 levels deep, 300 KB, invalid UTF-8 or of the wrong type; every
                path and query parameter replaced by traversal, NUL, huge, negative and malformed values), then random
                ones from a seeded generator. A refusal must be a 4xx `application/problem+json` with a reason, and must
                leave the service's database (every table but the migrations and failed logins) and every Kafka topic
                unchanged.

                | service | operations | inputs | of them through the gateway | accepted (2xx) | refused (4xx) | 5xx |
                |---|---|---|---|---|---|---|
                """);
        tallies.forEach((service, t) -> md.append("| ").append(service).append(" | ").append(t.operations).append(" | ").append(t.inputs)
                .append(" | ").append(t.throughGateway).append(" | ").append(t.accepted).append(" | ").append(t.refused).append(" | ").append(t.failed).append(" |\n"));
        md.append("\nSeed ").append(seed).append(", ").append(randomPerOperation).append(" random inputs per operation (`-Dsalon.fuzz.seed=")
                .append(seed).append(" -Dsalon.fuzz.random=").append(randomPerOperation).append("` replays it).");
        Report.section("rest-fuzz", md.toString());
    }
}
