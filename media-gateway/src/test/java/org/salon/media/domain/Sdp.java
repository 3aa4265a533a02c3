package org.salon.media.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Session descriptions as a browser writes them, for tests that drive Janus's negotiation without a browser: Janus
 * answers these as it would Chromium's offers (no media flows: nothing connects).
 */
final class Sdp {
    private static final String FINGERPRINT = "sha-256 " + "AB:".repeat(31) + "AB";

    /** An offer to send: audio (Opus) and/or video (VP8), each its own m-line, bundled. */
    static String offer(boolean audio, boolean video) {
        List<String> mids = new ArrayList<>();
        StringBuilder media = new StringBuilder();
        if (audio) {
            mids.add("0");
            media.append(section("audio", "0", "111", "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n", "sendonly", 1001));
        }
        if (video) {
            mids.add(String.valueOf(mids.size()));
            media.append(section("video", mids.get(mids.size() - 1), "96",
                    "a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\na=rtcp-fb:96 ccm fir\r\n", "sendonly", 2001));
        }
        return header(String.join(" ", mids)) + media;
    }

    private static String header(String bundle) {
        return "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE " + bundle + "\r\na=msid-semantic: WMS salon\r\n";
    }

    private static String section(String kind, String mid, String payload, String codec, String direction, int ssrc) {
        return "m=" + kind + " 9 UDP/TLS/RTP/SAVPF " + payload + "\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n" + transport("actpass")
                + "a=mid:" + mid + "\r\na=" + direction + "\r\na=rtcp-mux\r\n" + codec + "a=ssrc:" + ssrc + " cname:salon\r\na=ssrc:" + ssrc
                + " msid:salon " + kind + "0\r\n";
    }

    private static String transport(String setup) {
        return "a=ice-ufrag:Sa1n\r\na=ice-pwd:salonsalonsalonsalonsalo\r\na=ice-options:trickle\r\na=fingerprint:" + FINGERPRINT
                + "\r\na=setup:" + setup + "\r\n";
    }

    private Sdp() {
    }
}
