package org.salon.testkit;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The browser side of a call, as media tests and benchmarks play it in a {@link Browser}: a published camera
 * ({@code window.pc}), answers applied, and subscriptions of their own ({@code window.subs[name]}).
 */
public final class WebRtc {
    /** Waits (5 s at most) until the PeerConnection {@code pc} has gathered its candidates: no trickle needed. */
    public static final String GATHERED = """
            await new Promise(r => { if (pc.iceGatheringState === 'complete') { r(); return; }
              pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') r(); });
              setTimeout(r, 5000); });""";
    private static final String PUBLISH = """
            const done = arguments[arguments.length - 1];
            const simulcast = arguments[0];
            (async () => {
              const stream = await navigator.mediaDevices.getUserMedia({audio: true,
                video: simulcast ? {width: 960, height: 540} : true});
              const pc = new RTCPeerConnection(); window.pc = pc;
              pc.addTransceiver(stream.getAudioTracks()[0], {direction: 'sendonly', streams: [stream]});
              // simulcast: three layers (Chromium sends three from 960x540 up), highest first as Janus reads them
              pc.addTransceiver(stream.getVideoTracks()[0], {direction: 'sendonly', streams: [stream], sendEncodings: simulcast ? [
                {rid: 'h', maxBitrate: 1200000}, {rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 500000},
                {rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 150000}] : undefined});
              await pc.setLocalDescription(await pc.createOffer());
              """ + GATHERED + """
              done(pc.localDescription.sdp);
            })().catch(e => done('ERROR ' + e));""";
    private static final String ACCEPT = """
            const done = arguments[arguments.length - 1];
            window[arguments[1]].setRemoteDescription({type: 'answer', sdp: arguments[0]}).then(() => done('ok'), e => done('ERROR ' + e));""";
    /** Answers an SFU offer in subscription {@code arguments[1]}: a new one, or (arguments[2]) the one there already. */
    private static final String SUBSCRIBE = """
            const done = arguments[arguments.length - 1];
            (async () => {
              window.subs = window.subs || {};
              const pc = arguments[2] ? window.subs[arguments[1]] : new RTCPeerConnection(); window.subs[arguments[1]] = pc;
              await pc.setRemoteDescription({type: 'offer', sdp: arguments[0]});
              await pc.setLocalDescription(await pc.createAnswer());
              """ + GATHERED + """
              done(pc.localDescription.sdp);
            })().catch(e => done('ERROR ' + e));""";

    /** Waits (20 s at most) for subscription {@code arguments[0]} to decode over {@code arguments[1]} video frames, {@code arguments[2]} wide (0: any). */
    private static final String DECODING = """
            const done = arguments[arguments.length - 1];
            const [name, atLeast, width] = arguments;
            const pc = window.subs[name];
            const deadline = Date.now() + 20000;
            (async function poll() {
              const stats = await pc.getStats();
              let video = null;
              stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') video = s; });
              const frames = video ? video.framesDecoded || 0 : 0;
              if ((frames >= atLeast && (width === 0 || video.frameWidth === width)) || Date.now() > deadline) {
                done({frames: frames, width: video ? video.frameWidth || 0 : 0, state: pc.connectionState}); return; }
              setTimeout(poll, 20);
            })();""";
    /** Frames decoded so far per received video stream (by mid) of subscription {@code arguments[0]}. */
    private static final String VIDEO_FRAMES = """
            const done = arguments[arguments.length - 1];
            window.subs[arguments[0]].getStats().then(stats => { const frames = {};
              stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames[s.mid] = s.framesDecoded || 0; });
              done(frames); });""";

    /** Publishes the fake camera and microphone (the camera in three simulcast layers if asked); the offer. */
    public static String publishCamera(Browser browser, boolean simulcast) {
        return result(browser.run(PUBLISH, Duration.ofSeconds(30), simulcast).asText());
    }

    /** Applies the SFU's answer to the page's PeerConnection named {@code pc} (e.g. "pc"). */
    public static void accept(Browser browser, String pc, String answer) {
        result(browser.run(ACCEPT, Duration.ofSeconds(10), answer, pc).asText());
    }

    /** A new subscription {@code window.subs[name]} answering the SFU's offer; the answer. */
    public static String subscribe(Browser browser, String name, String offer) {
        return result(browser.run(SUBSCRIBE, Duration.ofSeconds(30), offer, name, false).asText());
    }

    /** The SFU offers again (feeds came or went, an ICE restart): subscription {@code name} answers; the answer. */
    public static String renegotiate(Browser browser, String name, String offer) {
        return result(browser.run(SUBSCRIBE, Duration.ofSeconds(30), offer, name, true).asText());
    }

    /**
     * Waits until subscription {@code name} has decoded {@code atLeast} frames of its (last) video stream, {@code width}
     * pixels wide (0: any), or 20 s passed: {@code frames}, {@code width} and the connection's {@code state} then.
     */
    public static JsonNode awaitFrames(Browser browser, String name, int atLeast, int width) {
        return browser.run(DECODING, Duration.ofSeconds(30), name, atLeast, width);
    }

    /** Frames subscription {@code name} decoded so far, per video stream (by mid). */
    public static JsonNode videoFrames(Browser browser, String name) {
        return browser.run(VIDEO_FRAMES, Duration.ofSeconds(10), name);
    }

    private static String result(String text) {
        if (text.startsWith("ERROR")) {
            throw new AssertionError("in the browser: " + text);
        }
        return text;
    }

    private WebRtc() {
    }
}
