package org.salon.signaling.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.salon.signaling.config.SignalingConfig;

/**
 * The STUN and TURN servers a client's PeerConnections use, from config. TURN credentials are time-limited, as
 * coturn's REST API (use-auth-secret) checks them: the user name is "expiry:participant", the password the
 * base64 HMAC-SHA1 of that name with the secret shared with the TURN server. Nothing is stored.
 */
@ApplicationScoped
public class IceServers {

    @Inject
    SignalingConfig config;

    /** As RTCPeerConnection's {@code iceServers} takes them; empty when none is configured. */
    public List<Map<String, Object>> forParticipant(String participant) {
        List<Map<String, Object>> servers = new ArrayList<>();
        config.stunServers().filter(urls -> !urls.isEmpty()).ifPresent(urls -> servers.add(Map.of("urls", urls)));
        config.turnServers().filter(urls -> !urls.isEmpty()).ifPresent(urls -> {
            String secret = config.turnSecret().orElseThrow(() -> new IllegalStateException("salon.signaling.turn-secret is not set"));
            String username = Instant.now().plus(config.turnCredentialLifetime()).getEpochSecond() + ":" + participant;
            servers.add(Map.of("urls", urls, "username", username, "credential", credential(secret, username)));
        });
        return servers;
    }

    static String credential(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
