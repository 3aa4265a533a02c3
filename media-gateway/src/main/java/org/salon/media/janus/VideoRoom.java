package org.salon.media.janus;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Janus's VideoRoom plugin on one node, in its own words (attach, message with an optional JSEP, trickle,
 * detach), over the node's {@link JanusTransport}. Nothing above this speaks Janus's wire format.
 */
public final class VideoRoom {
    private static final String PLUGIN = "janus.plugin.videoroom";

    private final JanusTransport janus;

    public VideoRoom(JanusTransport janus) {
        this.janus = janus;
    }

    /** What the plugin answered: its data, and the JSEP (offer or answer) if it sent one. */
    public record Reply(JsonObject data, JsonObject jsep) {
        public String sdp() {
            return jsep == null ? null : jsep.getString("sdp");
        }
    }

    /** A new handle on the plugin, in the gateway's session on this node. */
    public Uni<Long> attach() {
        return janus.request(new JsonObject().put("janus", "attach").put("plugin", PLUGIN))
                .map(answer -> answer.getJsonObject("data").getLong("id"));
    }

    /** Detaching a handle also takes its feed or subscription out of the room. */
    public Uni<Void> detach(long handle) {
        return janus.request(new JsonObject().put("janus", "detach").put("handle_id", handle)).replaceWithVoid();
    }

    public Uni<Reply> message(long handle, JsonObject body, String type, String sdp) {
        JsonObject m = new JsonObject().put("janus", "message").put("handle_id", handle).put("body", body);
        if (sdp != null) {
            m.put("jsep", new JsonObject().put("type", type).put("sdp", sdp));
        }
        return janus.request(m).map(answer -> new Reply(
                answer.getJsonObject("plugindata", new JsonObject()).getJsonObject("data", new JsonObject()), answer.getJsonObject("jsep")));
    }

    public Uni<Reply> message(long handle, JsonObject body) {
        return message(handle, body, null, null);
    }

    /** A browser's ICE candidate for the handle's PeerConnection; null: it has gathered them all. */
    public Uni<Void> trickle(long handle, JsonObject candidate) {
        return janus.request(new JsonObject().put("janus", "trickle").put("handle_id", handle)
                .put("candidate", candidate == null ? new JsonObject().put("completed", true) : candidate)).replaceWithVoid();
    }
}
