package org.salon.contracts.events;

/**
 * The Kafka topics of Salon. Partition counts and retention live in {@code salon/topics.tsv}
 * beside the AsyncAPI document, read by the launcher and the Kubernetes manifests alike.
 */
public final class Topics {
    /** Conversation life cycle and membership, keyed by conversation id (room-service). */
    public static final String CONVERSATIONS = "salon.conversations";
    /** Chat messages, edits, reactions, read markers, keyed by conversation id (chat-service). */
    public static final String CHAT = "salon.chat";
    /** Call state: started, ended, participants' media, keyed by conversation id (signaling-service). */
    public static final String CALLS = "salon.calls";
    /** Commands to and results from media-gateway, keyed by conversation id. */
    public static final String MEDIA = "salon.media";
    /** Directory changes: users created, updated, disabled, keyed by user id (auth-service). */
    public static final String USERS = "salon.users";

    private Topics() {
    }
}
