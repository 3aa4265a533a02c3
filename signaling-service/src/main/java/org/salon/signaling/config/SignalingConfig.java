package org.salon.signaling.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "salon.signaling")
public interface SignalingConfig {
    /** This instance's name, unique among the instances running side by side. */
    String instance();

    /** Conversations one connection may have joined at once. */
    @WithDefault("64")
    int maxJoinedConversations();

    /** Event ids remembered to drop the outbox's occasional duplicate. */
    @WithDefault("100000")
    int recentEventIds();

    /** Frames one connection may send at once, then per second: beyond, an error frame and the frame is dropped. */
    @WithDefault("50")
    int frameBurst();

    @WithDefault("20")
    double framesPerSecond();

    /** Frames waiting to be written to one client; beyond, they are dropped and the client gets a resync. */
    @WithDefault("1024")
    int sendQueue();

    /** How long a closed session stays resumable (its calls and presence kept). */
    @WithDefault("30s")
    Duration resumeWindow();

    /** How often an instance says it is alive (and how far it has read the topics). */
    @WithDefault("2s")
    Duration heartbeat();

    /** An instance not heard of for this long is taken for dead: its sessions may be resumed elsewhere. */
    @WithDefault("10s")
    Duration instanceDeadAfter();

    /** STUN servers for clients' PeerConnections ("stun:host:port"). */
    Optional<List<String>> stunServers();

    /** TURN servers for clients behind restrictive networks ("turn:host:3478?transport=udp", "turns:host:5349"). */
    Optional<List<String>> turnServers();

    /** The secret shared with the TURN servers (coturn's static-auth-secret). */
    Optional<String> turnSecret();

    /** How long a TURN credential handed to a client holds. */
    @WithDefault("12h")
    Duration turnCredentialLifetime();

    /** How long a resume may take to replay the missed events before the client is told to resync instead. */
    @WithDefault("10s")
    Duration replayWait();
}
