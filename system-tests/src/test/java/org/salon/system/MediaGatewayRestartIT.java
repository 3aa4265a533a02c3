package org.salon.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.salon.testkit.Browser;
import org.salon.testkit.JanusAdmin;
import org.salon.testkit.Launcher;
import org.salon.testkit.MediaNamespace;
import org.salon.testkit.MediaTopic;
import org.salon.testkit.WebRtc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * media-gateway restarted in the middle of a call, as a process (kill -9, then started again by the launcher), with
 * Janus and two headless Chromiums in a network namespace of the test's own. It claims its Janus session back: the
 * call carries on (Bob never stops decoding Alice, no handle is lost or added, nobody is told to publish again; a
 * request sent while it was down is handled when it is back, and none is applied twice though Kafka had none of
 * their offsets) and the restarted gateway still drives it (camera off, leave). Then the same with Janus restarted
 * while media-gateway is down: the session is gone, so the call's sessions are told to publish again, and media
 * flows again.
 */
class MediaGatewayRestartIT {

    @Test
    void callsCarryOnThroughARestartOfMediaGateway() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "a network namespace needs root");
        String api = UUID.randomUUID().toString();
        String adminSecret = UUID.randomUUID().toString();
        Launcher stack = new Launcher("salon-media-restart-").set("SALON_SKIP_BUILD", "1").freeStackPorts()
                .secret("janus-api-secret", api).secret("janus-admin-secret", adminSecret)
                // Kafka gets no handled request's offset before the kill: what is read after it is the gateway's doing
                .set("SALON_MEDIA_COMMIT_INTERVAL_MS", "600000");
        try (MediaNamespace ns = new MediaNamespace().start(api, adminSecret)) {
            stack.set("SALON_JANUS_NODES", "janus-1=" + ns.janusUrl());
            for (String component : new String[] { "postgres", "kafka", "media-gateway" }) {
                stack.require(180, "component", "start", component);
            }
            JanusAdmin janus = new JanusAdmin(ns.janusAdminUrl(), adminSecret);
            try (MediaTopic call = new MediaTopic("127.0.0.1:" + stack.get("SALON_KAFKA_PORT"));
                    Browser alice = new Browser(ns.driverUrl()).open(ns.localPage());
                    Browser bob = new Browser(ns.driverUrl()).open(ns.localPage())) {
                call.publishCamera(alice, "alice", "a1", 1);
                call.subscribe(bob, "bob", "b1", "b1", 1);
                assertTrue(WebRtc.awaitFrames(bob, "b1", 6, 640).path("frames").asInt() >= 6, "bob decodes alice");
                int handles = janus.handles();
                assertEquals(3, handles, "alice's feed, bob's subscription, the room's own handle");

                stack.require(60, "component", "kill", "media-gateway");
                long whileDown = frames(bob, "b1");
                Thread.sleep(1000);
                assertTrue(frames(bob, "b1") > whileDown + 5, "media flows while media-gateway is down");
                // alice mutes her microphone meanwhile: the request waits in Kafka for the gateway
                call.request("alice", "a1", Map.of("kind", "configure", "feed", "camera", "audio", false));
                long restarting = System.nanoTime();
                stack.require(180, "component", "start", "media-gateway");
                System.out.printf("media-gateway restarted in %d ms%n", (System.nanoTime() - restarting) / 1_000_000);
                long afterRestart = frames(bob, "b1");
                Thread.sleep(1000);
                assertTrue(frames(bob, "b1") > afterRestart + 5, "media flows after the restart");
                assertEquals(handles, janus.handles(), "the same handles: the session was claimed back, nothing new");
                assertEquals(1, call.signals(d -> "feeds".equals(d.path("kind").asText()) && "b1".equals(d.path("session").asText())
                        && !d.path("feeds").path(0).path("audio").asBoolean(true), 1, Duration.ofSeconds(20)).size(),
                        "the request sent while the gateway was down is handled: bob told her microphone is off");
                // and none from before is applied again: no second answer to alice's publish, no new offer to bob, no refusal
                assertEquals(List.of(), call.signals(d -> "error".equals(d.path("kind").asText()), 1, Duration.ofSeconds(2)), "no request refused");
                assertEquals(1, call.signals(d -> "answer".equals(d.path("kind").asText()), 2, Duration.ZERO).size(), "alice answered once");
                assertEquals(1, call.signals(d -> "offer".equals(d.path("kind").asText()), 2, Duration.ZERO).size(), "bob offered once");

                // the restarted gateway knows the call: alice's camera off stops her video at once
                call.request("alice", "a1", Map.of("kind", "configure", "feed", "camera", "video", false));
                long asked = System.nanoTime();
                assertEquals(1, call.signals(d -> "feeds".equals(d.path("kind").asText()) && "b1".equals(d.path("session").asText())
                        && !d.path("feeds").path(0).path("video").asBoolean(true), 1, Duration.ofSeconds(20)).size(), "bob told her camera is off");
                System.out.printf("first request after the restart answered in %d ms%n", (System.nanoTime() - asked) / 1_000_000);
                Thread.sleep(1000);
                long off = frames(bob, "b1");
                Thread.sleep(1500);
                assertTrue(frames(bob, "b1") - off <= 3, "no frames while her camera is off");
                call.request("alice", "a1", Map.of("kind", "configure", "feed", "camera", "video", true));
                // her camera on again (bob heard of it on at the start, off, then on) before media-gateway goes down again
                assertTrue(call.signals(d -> "feeds".equals(d.path("kind").asText()) && "b1".equals(d.path("session").asText())
                        && d.path("feeds").path(0).path("video").asBoolean(false), 2, Duration.ofSeconds(20)).size() >= 2, "and on again");
                assertTrue(call.signals(d -> "republish".equals(d.path("kind").asText()), 1, Duration.ofMillis(200)).isEmpty(),
                        "nobody had to publish again");

                // Janus itself restarts while media-gateway is down: its session is gone, the call starts again
                stack.require(60, "component", "kill", "media-gateway");
                ns.killJanus(0);
                ns.restartJanus(0);
                long started = System.nanoTime();
                stack.require(180, "component", "start", "media-gateway");
                call.signal("a1", "republish", 1);
                call.signal("b1", "republish", 1);
                alice.run("window.pc.close(); arguments[arguments.length - 1]('ok');", Duration.ofSeconds(5));
                call.publishCamera(alice, "alice", "a1", 2);
                call.subscribe(bob, "bob", "b1", "b2", 2);
                assertTrue(WebRtc.awaitFrames(bob, "b2", 6, 640).path("frames").asInt() >= 6, "bob decodes alice again");
                System.out.printf("janus restarted too: bob decodes alice again %d ms after media-gateway's start command%n",
                        (System.nanoTime() - started) / 1_000_000);

                call.request("alice", "a1", Map.of("kind", "leave"));
                call.request("bob", "b1", Map.of("kind", "leave"));
                assertEquals(0, janus.awaitHandles(0, Duration.ofSeconds(15)), "every handle released");
            }
        } finally {
            stack.run(Map.of(), 120, "stop");
        }
    }

    private static long frames(Browser browser, String subscription) {
        long total = 0;
        for (JsonNode mid : WebRtc.videoFrames(browser, subscription)) {
            total += mid.asLong();
        }
        return total;
    }
}
