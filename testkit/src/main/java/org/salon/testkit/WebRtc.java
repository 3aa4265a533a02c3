package org.salon.testkit;

import java.time.Duration;

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
    private static final String SUBSCRIBE = """
            const done = arguments[arguments.length - 1];
            (async () => {
              const pc = new RTCPeerConnection(); window.subs = window.subs || {}; window.subs[arguments[1]] = pc;
              await pc.setRemoteDescription({type: 'offer', sdp: arguments[0]});
              await pc.setLocalDescription(await pc.createAnswer());
              """ + GATHERED + """
              done(pc.localDescription.sdp);
            })().catch(e => done('ERROR ' + e));""";

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
        return result(browser.run(SUBSCRIBE, Duration.ofSeconds(30), offer, name).asText());
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
