package org.salon.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Headless Chromium with a fake camera and microphone, through chromedriver's W3C WebDriver API: a test runs
 * JavaScript in it (WebRTC included) and gets the results. Kept off any network but the namespace it runs in.
 */
public final class Browser implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String driver;
    private final String session;

    public Browser(String driverUrl) {
        this.driver = driverUrl;
        Map<String, Object> chrome = Map.of("binary", "/usr/bin/chromium", "args", List.of("--headless=new", "--no-sandbox",
                "--disable-gpu", "--autoplay-policy=no-user-gesture-required", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--lang=en-US", "--window-size=1280,900"));
        Map<String, Object> capabilities = Map.of("capabilities", Map.of("alwaysMatch",
                Map.of("browserName", "chrome", "goog:chromeOptions", chrome)));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode created;
        while (true) { // chromedriver may still be starting
            try {
                created = call("POST", "/session", capabilities, Duration.ofSeconds(60));
                break;
            } catch (AssertionError e) {
                if (!e.getMessage().startsWith("chromedriver unreachable") || System.nanoTime() > deadline) {
                    throw e;
                }
                pause();
            }
        }
        session = created.at("/value/sessionId").asText();
    }

    /** Opens a page (getUserMedia needs a secure context: a localhost page is one). */
    public Browser open(String url) {
        call("POST", "/session/" + session + "/url", Map.of("url", url), Duration.ofSeconds(30));
        return this;
    }

    /** Runs an async script (its last argument is the callback) and returns what it passed to the callback. */
    public JsonNode run(String script, Duration wait, Object... args) {
        call("POST", "/session/" + session + "/timeouts", Map.of("script", wait.toMillis()), Duration.ofSeconds(10));
        return call("POST", "/session/" + session + "/execute/async", Map.of("script", script, "args", List.of(args)),
                wait.plusSeconds(10)).path("value");
    }

    /**
     * The page's element found by XPath (text and labels, as a person finds things: e.g.
     * {@code //button[normalize-space()='Create conversation']}), once it is there and shown (10 s at most).
     */
    public String element(String xpath) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String id;
        while ((id = shown(xpath)) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing shown on the page matches " + xpath);
            }
            pause();
        }
        return id;
    }

    /** Whether an element matching {@code xpath} is shown now. */
    public boolean shows(String xpath) {
        return shown(xpath) != null;
    }

    private String shown(String xpath) {
        for (JsonNode e : call("POST", "/session/" + session + "/elements", Map.of("using", "xpath", "value", xpath), Duration.ofSeconds(10))
                .path("value")) {
            String id = e.elements().next().asText();
            if (displayed(id)) {
                return id;
            }
        }
        return null;
    }

    private boolean displayed(String id) {
        try {
            return call("GET", "/session/" + session + "/element/" + id + "/displayed", null, Duration.ofSeconds(10)).path("value").asBoolean();
        } catch (AssertionError e) {
            // the app re-rendered it between finding and asking: not shown this time, the caller looks again
            if (e.getMessage().contains("stale element reference")) {
                return false;
            }
            throw e;
        }
    }

    /** Clicks it, as a person would (it must be visible and not covered). */
    public Browser click(String xpath) {
        call("POST", "/session/" + session + "/element/" + element(xpath) + "/click", Map.of(), Duration.ofSeconds(10));
        return this;
    }

    /** Types into it (a field, a text area), keys included ({@code \uE007} is Enter). */
    public Browser type(String xpath, String text) {
        call("POST", "/session/" + session + "/element/" + element(xpath) + "/value", Map.of("text", text), Duration.ofSeconds(10));
        return this;
    }

    /** Logs in to the web app's login page as a person would, and waits for the app. */
    public Browser logIn(String user, String password) {
        type("//input[@name='username']", user);
        type("//input[@name='password']", password);
        click("//button[@type='submit']");
        element("//button[normalize-space()='Log out']");
        return this;
    }

    /** Empties a field, then types into it. */
    public Browser fill(String xpath, String text) {
        call("POST", "/session/" + session + "/element/" + element(xpath) + "/clear", Map.of(), Duration.ofSeconds(10));
        return type(xpath, text);
    }

    /** Its text as shown. */
    public String text(String xpath) {
        return call("GET", "/session/" + session + "/element/" + element(xpath) + "/text", null, Duration.ofSeconds(10)).path("value").asText();
    }

    /** One of its attributes (null: none). */
    public String attribute(String xpath, String name) {
        JsonNode value = call("GET", "/session/" + session + "/element/" + element(xpath) + "/attribute/" + name, null, Duration.ofSeconds(10))
                .path("value");
        return value.isNull() ? null : value.asText();
    }

    /** A form field's current value. */
    public String value(String xpath) {
        return call("GET", "/session/" + session + "/element/" + element(xpath) + "/property/value", null, Duration.ofSeconds(10))
                .path("value").asText();
    }

    /** The window's size in CSS pixels (a phone: 390 x 844). */
    public Browser resize(int width, int height) {
        call("POST", "/session/" + session + "/window/rect", Map.of("width", width, "height", height), Duration.ofSeconds(10));
        return this;
    }

    /** Saves what the page shows as a PNG, for a person to look at. */
    public void screenshot(java.nio.file.Path file) {
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.write(file, java.util.Base64.getDecoder().decode(
                    call("GET", "/session/" + session + "/screenshot", null, Duration.ofSeconds(20)).path("value").asText()));
        } catch (java.io.IOException e) {
            throw new AssertionError("screenshot not saved: " + e.getMessage(), e);
        }
    }

    private JsonNode call(String method, String path, Object body, Duration wait) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(driver + path)).timeout(wait)
                    .header("Content-Type", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new AssertionError("chromedriver " + method + " " + path + ": " + response.statusCode() + " " + answer.at("/value/message"));
            }
            return answer;
        } catch (java.io.IOException e) {
            throw new AssertionError("chromedriver unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        call("DELETE", "/session/" + session, null, Duration.ofSeconds(20));
    }
}
