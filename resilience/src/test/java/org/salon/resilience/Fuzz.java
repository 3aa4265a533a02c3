package org.salon.resilience;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Hostile variants of one valid request, each changing one thing: a body field given a wrong type, an edge value or
 * hostile text, a required field dropped, an unknown one added, a body that is not what the operation reads, a
 * path or query parameter replaced; then random ones drawn from a seeded generator (the same seed gives the same
 * inputs). The types come from the operation's OpenAPI document.
 */
final class Fuzz {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Stand-ins for what Jackson will not write: replaced in the serialized text. */
    private static final String LONE_SURROGATE = "@@lone-surrogate@@";
    private static final String HUGE_NUMBER = "@@huge-number@@";

    /** A valid request: its token, path and query values (unencoded) and body (JSON, or form fields as strings). */
    record Baseline(String token, Map<String, String> path, Map<String, String> query, ObjectNode body) {
    }

    /** One request to send: {@code target} is the encoded path and query. */
    record Case(String label, String target, String contentType, byte[] body) {
    }

    /** Hostile text: control and invisible characters, bidi overrides, injections, traversal. */
    static final List<String> HOSTILE_TEXT = List.of("a\u0000b", "\u202Eevil\u202C", "a\u200Bb\u200D", "\uFEFFbom", LONE_SURROGATE,
            "e\u0301\u0301\u0301\u0301", "\uD83D\uDE00\uD83D\uDC4D", "' OR '1'='1'; --", "\"; DROP TABLE message; --",
            "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "../../../etc/passwd", "a\r\nX-Injected: 1", "%00%2e%2e%2f",
            "\u0007\u001b[31m", "\uFFFF\uFFFE", "");

    private static final List<JsonNode> EDGE_VALUES = List.of(NODES.nullNode(), NODES.numberNode(0), NODES.numberNode(-1),
            NODES.numberNode(new BigInteger("9223372036854775808")), NODES.textNode(HUGE_NUMBER), NODES.numberNode(0.5),
            NODES.booleanNode(true), NODES.textNode("x"), NODES.arrayNode(), NODES.objectNode(), NODES.arrayNode().add(NODES.nullNode()),
            NODES.objectNode().set("a", NODES.objectNode().set("b", NODES.arrayNode().add(1))), NODES.textNode("a".repeat(100_001)));

    private static final List<String> HOSTILE_PARAMS = List.of("..", "../..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f", "%00", "a%00b",
            "-1", "99999999999999999999", "%E2%80%AE", "'%20OR%201=1--", "%3Cscript%3E", "a".repeat(10_000), "%C3%28",
            UUID.randomUUID().toString());

    private final SplittableRandom random;

    Fuzz(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** This run's seed: {@code -Dsalon.fuzz.seed}, or a new one; printed, so that a failure can be replayed. */
    static long seed(String run) {
        long seed = Long.getLong("salon.fuzz.seed", java.util.concurrent.ThreadLocalRandom.current().nextLong());
        System.out.println(run + " seed " + seed + " (replay: -Dsalon.fuzz.seed=" + seed + ")");
        return seed;
    }

    List<Case> cases(OpenApi.Operation op, Baseline baseline, int randomCount) {
        List<Case> cases = new ArrayList<>();
        if (op.body() != null) {
            for (String field : op.body().properties().keySet()) {
                for (JsonNode value : EDGE_VALUES) {
                    cases.add(withField(op, baseline, field, value, "edge value"));
                }
                for (String text : HOSTILE_TEXT) {
                    cases.add(withField(op, baseline, field, NODES.textNode(text), "hostile text"));
                }
            }
            for (String field : op.body().required()) {
                ObjectNode body = baseline.body().deepCopy();
                body.remove(field);
                cases.add(build(op, baseline, "without required '" + field + "'", baseline.path(), baseline.query(), body));
            }
            ObjectNode extra = baseline.body().deepCopy();
            extra.put("unexpectedField", 1);
            cases.add(build(op, baseline, "unknown field", baseline.path(), baseline.query(), extra));
            cases.addAll(wholeBodies(op, baseline));
        }
        for (OpenApi.Param p : op.params()) {
            for (String value : HOSTILE_PARAMS) {
                Map<String, String> path = new LinkedHashMap<>(baseline.path());
                Map<String, String> query = new LinkedHashMap<>(baseline.query());
                (p.in().equals("path") ? path : query).put(p.name(), "\u0000raw" + value);
                cases.add(build(op, baseline, p.in() + " " + p.name() + "=" + abbreviate(value), path, query, baseline.body()));
            }
        }
        for (int i = 0; i < randomCount; i++) {
            cases.add(randomCase(op, baseline, i));
        }
        return cases;
    }

    private Case withField(OpenApi.Operation op, Baseline baseline, String field, JsonNode value, String kind) {
        ObjectNode body = baseline.body().deepCopy();
        body.set(field, value);
        return build(op, baseline, kind + " in '" + field + "': " + abbreviate(value.toString()), baseline.path(), baseline.query(), body);
    }

    /** Bodies that are not the operation's: empty, scalars, broken or deep JSON, 300 KB, bad UTF-8, the wrong type. */
    private List<Case> wholeBodies(OpenApi.Operation op, Baseline b) {
        String target = target(op, b.path(), b.query());
        String type = op.body().mediaType();
        List<Case> cases = new ArrayList<>();
        for (String text : List.of("", "null", "[]", "\"x\"", "{", "{\"a\":", "}{", "[" + "[".repeat(10_000) + "]".repeat(10_001),
                "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000))) {
            cases.add(new Case("body " + abbreviate(text), target, type, text.getBytes(StandardCharsets.UTF_8)));
        }
        cases.add(new Case("body of 300 KB", target, type, ("{\"" + b.body().fieldNames().next() + "\":\"" + "a".repeat(300_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream badUtf8 = new ByteArrayOutputStream();
        badUtf8.writeBytes("{\"x\":\"".getBytes(StandardCharsets.UTF_8));
        badUtf8.writeBytes(new byte[] { (byte) 0xC3, 0x28, (byte) 0xFF });
        badUtf8.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        cases.add(new Case("body with invalid UTF-8", target, type, badUtf8.toByteArray()));
        byte[] valid = encode(type, b.body());
        cases.add(new Case("valid body as text/plain", target, "text/plain", valid));
        cases.add(new Case("valid body as XML", target, "application/xml", valid));
        return cases;
    }

    /** Every field and parameter at once, each drawn (or not) from random values of random types. */
    private Case randomCase(OpenApi.Operation op, Baseline b, int n) {
        ObjectNode body = b.body() == null ? null : b.body().deepCopy();
        if (op.body() != null) {
            for (String field : op.body().properties().keySet()) {
                if (random.nextInt(3) == 0) {
                    body.set(field, randomValue(3));
                }
            }
        }
        Map<String, String> path = new LinkedHashMap<>(b.path());
        Map<String, String> query = new LinkedHashMap<>(b.query());
        for (OpenApi.Param p : op.params()) {
            if (random.nextInt(4) == 0) {
                (p.in().equals("path") ? path : query).put(p.name(), randomText());
            }
        }
        return build(op, b, "random #" + n, path, query, body);
    }

    /** Any value at all: an edge value, hostile text or a random value of a random type. */
    JsonNode anyValue() {
        return switch (random.nextInt(3)) {
            case 0 -> EDGE_VALUES.get(random.nextInt(EDGE_VALUES.size() - 1)); // all but the 100,000 characters
            case 1 -> NODES.textNode(HOSTILE_TEXT.get(random.nextInt(HOSTILE_TEXT.size())));
            default -> randomValue(2);
        };
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    private JsonNode randomValue(int depth) {
        return switch (random.nextInt(depth > 0 ? 7 : 5)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(random.nextLong());
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(-5, 300)));
            case 4 -> NODES.textNode(random.nextInt(4) == 0 ? HOSTILE_TEXT.get(random.nextInt(HOSTILE_TEXT.size())) : randomText());
            case 5 -> {
                var a = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(randomValue(depth - 1));
                }
                yield a;
            }
            default -> {
                var o = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    o.set(randomText(), randomValue(depth - 1));
                }
                yield o;
            }
        };
    }

    /** Up to 40 code points from ASCII, Latin, controls, bidi and zero-width marks, CJK and emoji. */
    private String randomText() {
        int[][] ranges = { { 0x20, 0x7E }, { 0x00, 0x1F }, { 0xA0, 0x24F }, { 0x200B, 0x202E }, { 0x4E00, 0x4FFF }, { 0x1F600, 0x1F64F },
                { 0x0300, 0x036F } };
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(41); i > 0; i--) {
            int[] r = ranges[random.nextInt(ranges.length)];
            s.appendCodePoint(random.nextInt(r[0], r[1] + 1));
        }
        return s.toString();
    }

    private Case build(OpenApi.Operation op, Baseline b, String label, Map<String, String> path, Map<String, String> query, ObjectNode body) {
        String type = op.body() == null ? null : op.body().mediaType();
        return new Case(label, target(op, path, query), type, body == null ? null : encode(type, body));
    }

    /** The path with its values and the query, percent-encoded; a value starting with NUL goes in as written. */
    static String target(OpenApi.Operation op, Map<String, String> path, Map<String, String> query) {
        String target = op.path();
        for (var p : path.entrySet()) {
            target = target.replace("{" + p.getKey() + "}", encodeParam(p.getValue()));
        }
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&").append(k).append('=').append(encodeParam(v)));
        return target + q;
    }

    private static String encodeParam(String value) {
        return value.startsWith("\u0000raw") ? value.substring(4) : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static byte[] encode(String mediaType, ObjectNode body) {
        String text;
        if (mediaType.equals("application/x-www-form-urlencoded")) {
            StringBuilder form = new StringBuilder();
            body.fields().forEachRemaining(f -> form.append(form.length() == 0 ? "" : "&").append(f.getKey()).append('=')
                    .append(URLEncoder.encode(f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString(), StandardCharsets.UTF_8)));
            text = form.toString().replace(URLEncoder.encode(LONE_SURROGATE, StandardCharsets.UTF_8), "%ED%A0%80");
        } else {
            text = escapeLoneSurrogates(body.toString().replace("\"" + HUGE_NUMBER + "\"", "1e999"));
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** JSON text with the lone surrogate written as its escape: valid UTF-8 that decodes to an invalid string. */
    static String escapeLoneSurrogates(String json) {
        return json.replace(LONE_SURROGATE, "\\ud800");
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 20) + "…(" + text.length() + " chars)" : text;
    }
}
