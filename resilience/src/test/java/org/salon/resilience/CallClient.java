package org.salon.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.salon.testkit.Browser;
import org.salon.testkit.MediaNamespace;
import org.salon.testkit.WebRtc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One participant in a call, as the web app behaves in it: signaling through the gateway from this JVM, media in a
 * headless Chromium inside the {@link MediaNamespace} (so media never leaves it), the SDP carried between the two.
 * It publishes its camera and microphone and receives the others'; when told to publish again (its Janus node died)
 * or given a new session after a lost connection, it starts its media over, without anyone's help.
 */
final class CallClient extends GatewayClient {
    private final String conversation;
    private final Browser browser;
    final AtomicInteger republished = new AtomicInteger();
    /** The current subscription's name in the page ({@code window.subs}); a new one each time media starts over. */
    private volatile String subscription;
    private boolean subscribed;
    private int generation;

    CallClient(ResilienceStack stack, MediaNamespace ns, String name, Supplier<String> token, String conversation) {
        super(stack, name, token);
        this.conversation = conversation;
        browser = new Browser(ns.driverUrl()).open(ns.localPage());
        begin();
    }

    /** Video frames decoded so far by the current subscription (0 before it has any). */
    long frames() {
        synchronized (browser) {
            String current = subscription;
            if (current == null || !subscribed) {
                return 0;
            }
            long total = 0;
            for (JsonNode mid : WebRtc.videoFrames(browser, current)) {
                total += mid.asLong();
            }
            return total;
        }
    }

    /** Joins the conversation and its call, and starts media afresh. */
    @Override
    void startOver(boolean again) {
        socket.send("{\"type\":\"join\",\"conversation\":\"" + conversation + "\"}");
        socket.await(f -> "joined".equals(f.path("type").asText()), Duration.ofSeconds(15));
        socket.send("{\"type\":\"call-join\",\"conversation\":\"" + conversation + "\",\"audio\":true,\"video\":true}");
        socket.await(f -> "call".equals(f.path("type").asText()), Duration.ofSeconds(15));
        startMedia();
    }

    /** Closes what the page had, publishes the camera anew and asks for the others' feeds. */
    private void startMedia() {
        synchronized (browser) {
            browser.run("if (window.pc) window.pc.close(); Object.values(window.subs || {}).forEach(s => s.close()); window.subs = {};"
                    + " arguments[arguments.length - 1]('ok');", Duration.ofSeconds(5));
            subscription = "s" + ++generation;
            subscribed = false;
            String offer = WebRtc.publishCamera(browser, false);
            media("\"kind\":\"publish\",\"feed\":\"camera\",\"sdp\":" + ResilienceStack.JSON.valueToTree(offer));
        }
        media("\"kind\":\"subscribe\"");
    }

    private void media(String fields) {
        socket.send("{\"type\":\"media\",\"conversation\":\"" + conversation + "\"," + fields + "}");
    }

    @Override
    void handle(JsonNode frame) {
        String type = frame.path("type").asText();
        if ("error".equals(type)) {
            problem(name + " got " + frame);
            return;
        }
        if (!"media".equals(type)) {
            return;
        }
        switch (frame.path("kind").asText()) {
            case "answer" -> {
                synchronized (browser) {
                    WebRtc.accept(browser, "pc", frame.path("sdp").asText());
                }
            }
            case "offer" -> {
                String answer;
                synchronized (browser) {
                    answer = subscribed ? WebRtc.renegotiate(browser, subscription, frame.path("sdp").asText())
                            : WebRtc.subscribe(browser, subscription, frame.path("sdp").asText());
                    subscribed = true;
                }
                media("\"kind\":\"answer\",\"sdp\":" + ResilienceStack.JSON.valueToTree(answer));
            }
            case "republish" -> {
                republished.incrementAndGet();
                startMedia();
            }
            case "error" -> problem(name + " got " + frame);
            default -> {
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(35), () -> {
            socket.send("{\"type\":\"call-leave\",\"conversation\":\"" + conversation + "\"}");
            browser.close();
        });
    }
}
