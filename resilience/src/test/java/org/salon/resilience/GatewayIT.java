package org.salon.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * What reaches the gateway before any service does: requests nginx itself refuses (malformed, headers, body or
 * request line over its limits, traversal) are answered with problems too, and every answer, error or not,
 * carries the security headers of web/security-headers.conf.
 */
@Order(1)
class GatewayIT {
    private static final Pattern HEADER = Pattern.compile("^add_header\\s+(\\S+)\\s+(\"[^\"]*\"|\\S+)\\s+always;", Pattern.MULTILINE);

    /** A raw answer: its status, headers (lower-case names) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    @Test
    void requestsTheGatewayRefusesGetProblemsWithTheSecurityHeaders() throws Exception {
        ResilienceStack stack = ResilienceStack.shared();
        Map<String, String> security = securityHeaders();
        assertTrue(security.keySet().containsAll(List.of("content-security-policy", "x-content-type-options", "x-frame-options",
                "referrer-policy", "permissions-policy")), security.toString());
        String host = "Host: 127.0.0.1\r\nConnection: close\r\n";
        String big = "a".repeat(2 * 1024 * 1024);
        Map<String, Answer> answers = new LinkedHashMap<>();
        answers.put("body over the limit", raw(stack, "POST /api/chat/conversations/x/messages HTTP/1.1\r\n" + host
                + "Content-Type: application/json\r\nContent-Length: " + big.length() + "\r\n\r\n" + big));
        answers.put("chunked body over the limit", raw(stack, "POST /api/room/conversations HTTP/1.1\r\n" + host
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(big.length()) + "\r\n" + big
                + "\r\n0\r\n\r\n"));
        answers.put("request line too long", raw(stack, "GET /api/room/conversations?search=" + "a".repeat(20_000) + " HTTP/1.1\r\n" + host + "\r\n"));
        answers.put("header too large", raw(stack, "GET /api/room/conversations HTTP/1.1\r\n" + host + "X-Big: " + "a".repeat(64 * 1024)
                + "\r\n\r\n"));
        answers.put("malformed request line", raw(stack, "GET\u0001 /\u0000 HTTP/9.9\r\n" + host + "\r\n"));
        answers.put("traversal above the root", raw(stack, "GET /../../etc/passwd HTTP/1.1\r\n" + host + "\r\n"));
        answers.put("no service there", raw(stack, "GET /api/nowhere HTTP/1.1\r\n" + host + "\r\n"));
        answers.put("no token", raw(stack, "GET /api/room/conversations HTTP/1.1\r\n" + host + "\r\n"));
        for (var a : answers.entrySet()) {
            Answer answer = a.getValue();
            assertTrue(answer.status() >= 400 && answer.status() < 500, a.getKey() + ": " + answer);
            assertTrue(answer.headers().getOrDefault("content-type", "").startsWith("application/problem+json"), a.getKey() + ": " + answer);
            assertEquals(answer.status(), ResilienceStack.JSON.readTree(answer.body()).path("status").asInt(), a.getKey() + ": " + answer);
            assertNull(RestFuzzIT.problemNamingInternals(answer.body()), a.getKey() + ": " + answer);
            security.forEach((name, value) -> assertEquals(value, answer.headers().get(name), a.getKey() + ": header " + name));
        }
        Answer page = raw(stack, "GET / HTTP/1.1\r\n" + host + "\r\n");
        assertEquals(200, page.status());
        security.forEach((name, value) -> assertEquals(value, page.headers().get(name), "the web app: header " + name));
        // nginx resolves an encoded traversal before routing: out of /api/room/ it is the web app, never a service's /q
        Answer traversal = raw(stack, "GET /api/room/..%2f..%2fq/health HTTP/1.1\r\n" + host + "\r\n");
        assertTrue(traversal.headers().getOrDefault("content-type", "").startsWith("text/html") && !traversal.body().contains("checks"),
                traversal.toString());
    }

    /** The headers every answer must carry, as web/security-headers.conf sets them. */
    private static Map<String, String> securityHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        Matcher m = HEADER.matcher(Files.readString(Path.of(System.getProperty("salon.root", "..")).resolve("web/security-headers.conf")));
        while (m.find()) {
            headers.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2).replaceAll("^\"|\"$", ""));
        }
        return headers;
    }

    /** Sends bytes as they are (no client library tidies them) and reads the answer until the gateway closes. */
    private static Answer raw(ResilienceStack stack, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(stack.launcher.get("SALON_GATEWAY_PORT")))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException refusedMidway) {
                // nginx may answer and close before it has read all of an oversized request
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                in.transferTo(received);
            } catch (IOException reset) {
                // the answer came before the reset
            }
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0, "no answer to " + request.substring(0, Math.min(80, request.length())) + ": " + text);
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            String body = text.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                StringBuilder joined = new StringBuilder();
                for (int at = 0, size; (size = Integer.parseInt(body.substring(at, body.indexOf("\r\n", at)).trim(), 16)) > 0;) {
                    at = body.indexOf("\r\n", at) + 2;
                    joined.append(body, at, at + size);
                    at += size + 2;
                }
                body = joined.toString();
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers,
                    new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
    }
}
