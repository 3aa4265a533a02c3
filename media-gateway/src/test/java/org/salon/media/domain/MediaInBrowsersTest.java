package org.salon.media.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.salon.testkit.Browser;
import org.salon.testkit.Infrastructure;
import org.salon.testkit.JanusAdmin;
import org.salon.testkit.JanusResource;
import org.salon.testkit.MediaTopic;
import org.salon.testkit.WebRtc;
import org.salon.testkit.MediaNamespace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Real media: two headless Chromiums with fake devices and a Janus, all in a network namespace of the test's own
 * (media never leaves it); media-gateway drives Janus from outside it. Alice publishes her camera and microphone,
 * Bob subscribes and decodes her video in each of its three simulcast layers; Janus hears her speak; packets lost on
 * their way to Janus, or her video not arriving, warn of a bad connection; her camera goes off and on without renegotiation; her screen share is
 * a second feed Bob decodes too; a dead PeerConnection's handle is released; when they leave, no handle is left.
 */
@QuarkusTest
@WithTestResource(value = JanusResource.class, initArgs = @ResourceArg(name = "database", value = "media"))
class MediaInBrowsersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHARE_SCREEN = """
            const done = arguments[arguments.length - 1];
            (async () => {
              const screen = await navigator.mediaDevices.getDisplayMedia({video: true});
              const pc = new RTCPeerConnection(); window.screenPc = pc;
              screen.getTracks().forEach(t => pc.addTrack(t, screen));
              await pc.setLocalDescription(await pc.createOffer());
              """ + WebRtc.GATHERED + """
              done(pc.localDescription.sdp);
            })().catch(e => done('ERROR ' + e));""";
    /** What the publisher sends, per simulcast layer. */
    private static final String SENT = """
            const done = arguments[arguments.length - 1];
            window.pc.getStats().then(stats => { const sent = [];
              stats.forEach(s => { if (s.type === 'outbound-rtp' && s.kind === 'video') sent.push({rid: s.rid, width: s.frameWidth,
                frames: s.framesEncoded, limit: s.qualityLimitationReason, active: s.active}); });
              done(sent); });""";
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    JanusCluster cluster;

    @Inject
    MediaCalls calls;

    @Test
    void publishSubscribeToggleShareAndHangUpWithRealBrowsers() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "a network namespace needs root");
        Infrastructure infra = Infrastructure.shared();
        List<String> others = cluster.nodes().stream().map(JanusNode::name).toList();
        try (MediaNamespace ns = new MediaNamespace().start(infra.secret("janus-api-secret"), infra.secret("janus-admin-secret"))) {
            String node = join(ns, 0);
            others.forEach(n -> cluster.drain(n, true));
            JanusAdmin admin = new JanusAdmin(ns.janusAdminUrl(), infra.secret("janus-admin-secret"));
            int before = admin.handles();
            try (MediaTopic call = new MediaTopic(kafka); Browser alice = new Browser(ns.driverUrl()).open(ns.localPage());
                    Browser bob = new Browser(ns.driverUrl()).open(ns.localPage())) {
                long joined = System.nanoTime();
                String offer = WebRtc.publishCamera(alice, true);
                assertTrue(offer.contains("m=video") && offer.contains("m=audio"), offer);
                call.request("alice", "a1", Map.of("kind", "publish", "feed", "camera", "sdp", offer));
                WebRtc.accept(alice, "pc", call.signal("a1", "answer", 1).path("sdp").asText());

                call.request("bob", "b1", Map.of("kind", "subscribe"));
                String offered = call.signal("b1", "offer", 1).path("sdp").asText();
                // the feeds bob is told of name the stream their tracks carry in that offer
                JsonNode told = call.signals(d -> "feeds".equals(d.path("kind").asText()) && "b1".equals(d.path("session").asText())
                        && d.path("feeds").size() == 1, 1, Duration.ofSeconds(10)).get(0);
                assertTrue(offered.contains("a=msid:" + told.at("/feeds/0/stream").asText() + " "), told + " in " + offered);
                String answer = WebRtc.subscribe(bob, "b1", offered);
                call.request("bob", "b1", Map.of("kind", "answer", "sdp", answer));
                JsonNode decoded = WebRtc.awaitFrames(bob, "b1", 6, 960);
                assertTrue(decoded.path("frames").asInt() > 5, "bob decodes alice's camera: " + decoded);
                assertEquals(960, decoded.path("width").asInt(), "the camera's 960x540, its highest layer: " + decoded + "; alice sends "
                        + alice.run(SENT, Duration.ofSeconds(10)));
                System.out.printf("publish to bob's decoded 960x540 frames: %d ms%n", (System.nanoTime() - joined) / 1_000_000);

                // a small tile: bob asks for the lowest simulcast layer, then the middle one, and gets them
                call.request("bob", "b1", Map.of("kind", "layer", "layer", 0));
                assertEquals(240, WebRtc.awaitFrames(bob, "b1", 6, 240).path("width").asInt(), "the lowest layer");
                call.request("bob", "b1", Map.of("kind", "layer", "layer", 1));
                assertEquals(480, WebRtc.awaitFrames(bob, "b1", 6, 480).path("width").asInt(), "the middle layer");
                String camera = WebRtc.videoFrames(bob, "b1").fieldNames().next();
                // bob's PeerConnection failed, say: asking again restarts ICE on the same subscription, media goes on
                call.request("bob", "b1", Map.of("kind", "subscribe"));
                String restart = call.signal("b1", "offer", 2).path("sdp").asText();
                assertFalse(iceUfrag(restart).equals(iceUfrag(offered)), "new ICE credentials");
                call.request("bob", "b1", Map.of("kind", "answer", "sdp", WebRtc.renegotiate(bob, "b1", restart)));
                assertTrue(framesIn(bob, camera, 1500) > 10, "frames after the ICE restart");
                // the fake microphone beeps: Janus hears alice speak, and the whole conversation is told
                JsonNode speaking = call.signals(d -> "speaking".equals(d.path("kind").asText()), 1, Duration.ofSeconds(15)).stream()
                        .findFirst().orElseThrow(() -> new AssertionError("no speaking signal"));
                assertEquals("alice", speaking.path("participantId").asText());
                assertTrue(speaking.path("session").isNull(), "for everyone in the conversation");

                // camera off: Janus stops forwarding it at once, without renegotiation; on again, it flows again
                call.request("alice", "a1", Map.of("kind", "configure", "feed", "camera", "video", false));
                Thread.sleep(1000);
                long off = framesIn(bob, camera, 1500);
                assertTrue(off <= 3, "no frames while alice's camera is off: " + off);
                call.request("alice", "a1", Map.of("kind", "configure", "feed", "camera", "video", true));
                Thread.sleep(1000);
                assertTrue(framesIn(bob, camera, 1500) > 10, "frames again once it is on");

                // alice shares her screen: a second feed; bob is offered it on his one subscription and decodes both
                String screen = text(alice.run(SHARE_SCREEN, Duration.ofSeconds(30)));
                call.request("alice", "a1", Map.of("kind", "publish", "feed", "screen", "sdp", screen));
                WebRtc.accept(alice, "screenPc", call.signal("a1", "answer", 2).path("sdp").asText());
                String again = WebRtc.renegotiate(bob, "b1", call.signal("b1", "offer", 3).path("sdp").asText());
                call.request("bob", "b1", Map.of("kind", "answer", "sdp", again));
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                JsonNode both;
                do {
                    Thread.sleep(300);
                    both = WebRtc.videoFrames(bob, "b1");
                } while ((both.size() < 2 || countOver(both, 5) < 2) && System.nanoTime() < until);
                assertEquals(2, countOver(both, 5), "bob decodes alice's camera and her screen: " + both);
                assertEquals(before + 4, admin.handles(), "alice's two feeds, bob's one subscription, the room's own handle");

                // a bad network: a third of the packets on their way to Janus are lost; alice is warned that her
                // sending loses packets, and everyone that her feeds arrive badly
                ns.losePackets(33);
                try {
                    JsonNode warned = call.signal("a1", "slowlink", 1);
                    assertTrue(warned.path("reason").asText().startsWith("Packets lost while sending"), warned.toString());
                    JsonNode everyone = call.signals(d -> "slowlink".equals(d.path("kind").asText()) && d.path("session").isNull(), 1,
                            Duration.ofSeconds(15)).stream().findFirst().orElseThrow(() -> new AssertionError("no bad connection for everyone"));
                    assertEquals("alice", everyone.path("participantId").asText());
                    assertTrue(List.of("camera", "screen").contains(everyone.path("feed").asText()), everyone.toString());
                } finally {
                    ns.losePackets(0);
                }
                // her camera's video stops arriving though it is on (her browser stops sending it): a warning too
                alice.run("""
                        const sender = window.pc.getSenders().find(s => s.track && s.track.kind === 'video');
                        window.camera = sender.track; sender.replaceTrack(null).then(() => arguments[arguments.length - 1]('ok'));""",
                        Duration.ofSeconds(5));
                JsonNode silent = call.signals(d -> "slowlink".equals(d.path("kind").asText()) && "a1".equals(d.path("session").asText())
                        && d.path("reason").asText().startsWith("No video"), 1, Duration.ofSeconds(10)).stream().findFirst()
                        .orElseThrow(() -> new AssertionError("no warning that her video does not arrive"));
                assertEquals("camera", silent.path("feed").asText());
                alice.run("""
                        window.pc.getSenders().find(s => s.track === null && s.transport).replaceTrack(window.camera)
                          .then(() => arguments[arguments.length - 1]('ok'));""", Duration.ofSeconds(5));

                // her screen's PeerConnection dies (no unpublish): Janus hangs it up and its handle goes
                alice.run("window.screenPc.close(); arguments[arguments.length - 1]('ok');", Duration.ofSeconds(5));
                assertEquals(before + 3, admin.awaitHandles(before + 3, Duration.ofSeconds(15)), "the dead feed's handle released");

                call.request("alice", "a1", Map.of("kind", "leave"));
                call.request("bob", "b1", Map.of("kind", "leave"));
                assertEquals(before, admin.awaitHandles(before, Duration.ofSeconds(10)), "every handle released");
            } finally {
                others.forEach(n -> cluster.drain(n, false));
                cluster.remove(node);
            }
        }
    }

    @Test
    void mediaFlowsAgainWhenTheCallsJanusIsKilled() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "a network namespace needs root");
        Infrastructure infra = Infrastructure.shared();
        List<String> others = cluster.nodes().stream().map(JanusNode::name).toList();
        try (MediaNamespace ns = new MediaNamespace().start(infra.secret("janus-api-secret"), infra.secret("janus-admin-secret"))) {
            String doomed = join(ns, 0);
            String survivor = join(ns, ns.startJanus());
            try (MediaTopic call = new MediaTopic(kafka); Browser alice = new Browser(ns.driverUrl()).open(ns.localPage());
                    Browser bob = new Browser(ns.driverUrl()).open(ns.localPage())) {
                others.forEach(n -> cluster.drain(n, true));
                cluster.drain(survivor, true); // the call starts on the node that will die
                call.publishCamera(alice, "alice", "a1", 1);
                call.subscribe(bob, "bob", "b1", "b1", 1);
                assertTrue(WebRtc.awaitFrames(bob, "b1", 6, 640).path("frames").asInt() > 5, "media flows on " + doomed);
                assertEquals(doomed, calls.calls().get(call.conversation));
                cluster.drain(survivor, false);

                long killed = System.nanoTime();
                ns.killJanus(0);
                call.signal("a1", "republish", 1);
                call.signal("b1", "republish", 1);
                long told = System.nanoTime();
                // what the client does when told to: new PeerConnections, publish and subscribe again
                alice.run("window.pc.close(); arguments[arguments.length - 1]('ok');", Duration.ofSeconds(5));
                bob.run("window.subs.b1.close(); arguments[arguments.length - 1]('ok');", Duration.ofSeconds(5));
                call.publishCamera(alice, "alice", "a1", 2);
                call.subscribe(bob, "bob", "b1", "b2", 2);
                JsonNode again = WebRtc.awaitFrames(bob, "b2", 6, 640);
                long flowing = System.nanoTime();
                assertTrue(again.path("frames").asInt() > 5, "media flows again: " + again);
                assertEquals(survivor, calls.calls().get(call.conversation), "the call moved to the other node");
                assertTrue(told - killed < Duration.ofSeconds(5).toNanos(), "told within 5 s: " + (told - killed) / 1_000_000 + " ms");
                assertTrue(flowing - killed < Duration.ofSeconds(10).toNanos(), "frames again within 10 s: " + (flowing - killed) / 1_000_000 + " ms");
                System.out.printf("failover with media: republish %d ms after the kill, bob decodes alice again %d ms after it%n",
                        (told - killed) / 1_000_000, (flowing - killed) / 1_000_000);

                JanusAdmin admin = new JanusAdmin(ns.janusAdminUrl(1), infra.secret("janus-admin-secret"));
                call.request("alice", "a1", Map.of("kind", "leave"));
                call.request("bob", "b1", Map.of("kind", "leave"));
                assertEquals(0, admin.awaitHandles(0, Duration.ofSeconds(10)), "no handle left on the node the call moved to");
            } finally {
                others.forEach(n -> cluster.drain(n, false));
                cluster.remove(doomed);
                cluster.remove(survivor);
            }
        }
    }

    /** Adds the namespace's Janus node to the cluster; its name there, once it is operational. */
    private String join(MediaNamespace ns, int node) throws InterruptedException {
        String name = "janus-ns-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.add(name, ns.janusUrl(node));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (cluster.node(name).state() != JanusNode.State.OPERATIONAL) {
            assertTrue(System.nanoTime() < deadline, "the namespace's Janus " + node + " is operational");
            Thread.sleep(50);
        }
        return name;
    }

    private static String iceUfrag(String sdp) {
        return sdp.replaceAll("(?s).*?a=ice-ufrag:(\\S+).*", "$1");
    }

    private static String text(JsonNode result) {
        assertFalse(result.asText().startsWith("ERROR"), result.asText());
        return result.asText();
    }

    /** Frames of one received video stream decoded during {@code millis}. */
    private static long framesIn(Browser browser, String mid, long millis) throws InterruptedException {
        long first = WebRtc.videoFrames(browser, "b1").path(mid).asLong();
        Thread.sleep(millis);
        return WebRtc.videoFrames(browser, "b1").path(mid).asLong() - first;
    }

    private static int countOver(JsonNode frames, int min) {
        int n = 0;
        for (JsonNode f : frames) {
            n += f.asInt() > min ? 1 : 0;
        }
        return n;
    }
}
