package org.salon.media.domain;

import java.util.concurrent.atomic.AtomicInteger;

import org.salon.media.janus.JanusTransport;

/** One Janus instance of the cluster, as jicofo models a bridge: operational, draining or failed. */
public class JanusNode {

    public enum State {
        /** Takes new calls. */
        OPERATIONAL,
        /** Keeps its calls, takes no new ones (maintenance). */
        DRAINING,
        /** Not answering; its calls must move. */
        FAILED
    }

    private final String name;
    private final String url;
    private final JanusTransport transport;
    private final AtomicInteger forwardedStreams = new AtomicInteger();
    private volatile boolean draining;

    public JanusNode(String name, String url, JanusTransport transport) {
        this.name = name;
        this.url = url;
        this.transport = transport;
    }

    public State state() {
        if (transport.link() != JanusTransport.Link.UP) {
            return State.FAILED;
        }
        return draining ? State.DRAINING : State.OPERATIONAL;
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    public JanusTransport transport() {
        return transport;
    }

    /** Load for placing new calls: the streams this node forwards. */
    public int load() {
        return forwardedStreams.get();
    }

    public void streamsChanged(int delta) {
        forwardedStreams.addAndGet(delta);
    }

    /** Its calls moved away (it failed): it forwards nothing. */
    public void resetLoad() {
        forwardedStreams.set(0);
    }

    public void drain(boolean on) {
        draining = on;
    }
}
