package org.salon.media.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "salon.media")
public interface MediaConfig {
    /** The Janus nodes, each "name=ws://host:port". */
    List<String> nodes();

    /**
     * This instance's name, the same across its restarts (a StatefulSet pod's name): the calls and Janus sessions it
     * claims back when it starts again are the ones saved under it.
     */
    @WithDefault("media-gateway")
    String instance();

    /** Janus's api_secret, sent with every request. */
    String apiSecret();

    /**
     * How often a node's session is kept alive (Janus drops sessions idle for 60 s). Also how a silent node is found:
     * well under {@link #failAfter()}, or a node that merely has nothing to say would count as failed.
     */
    @WithDefault("1s")
    Duration keepaliveInterval();

    /** A node that has not answered for this long is failed. */
    @WithDefault("5s")
    Duration failAfter();

    /** How long one request may wait for Janus's answer. */
    @WithDefault("5s")
    Duration requestTimeout();

    /**
     * Janus's talking threshold: the average audio level (dBov, 0 loudest, 127 silent) under which a microphone
     * counts as speaking. Janus's default; the tests' fake microphone is quiet and needs 120.
     */
    @WithDefault("25")
    int talkingLevel();

    /** Longest pause between two reconnection attempts to a failed node. */
    @WithDefault("5s")
    Duration maxReconnectDelay();
}
