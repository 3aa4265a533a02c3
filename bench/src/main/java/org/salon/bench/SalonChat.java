package org.salon.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Salon's chat as a fan-out target: WebSocket sessions to signaling-service that have joined a conversation; a
 * message is a POST to chat-service by its sender, delivered when a session receives its
 * {@code org.salon.chat.message.posted} event.
 */
final class SalonChat implements Fanout.Target {
    private final String messagesUrl;
    private final String sender;
    private final List<WebSocket> sockets;

    /** Over sessions already joined to {@code conversation} (their listener from {@link #listener}). */
    SalonChat(String chat, String sender, String conversation, List<WebSocket> sockets) {
        this.sender = sender;
        this.sockets = sockets;
        messagesUrl = chat + "/api/chat/conversations/" + conversation + "/messages";
    }

    /**
     * A conversation of {@code members}: alice (the sender) and users member1... (made as needed), one session each.
     * URLs of auth-, room- and chat-service and of the signaling WebSocket: each service's own, or the gateway's.
     */
    static SalonChat withMembers(String auth, String room, String chat, String ws, String password, int members, Fanout fanout)
            throws Exception {
        String sender = Salon.login(auth, "alice", password);
        List<String> ids = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 1; i < members; i++) {
            String login = "member" + i;
            HttpResponse<String> created = Salon.post(auth + "/api/auth/admin/users", sender, "{\"login\":\"" + login
                    + "\",\"displayName\":\"Member " + i + "\",\"password\":\"" + password + "\"}");
            if (created.statusCode() != 201 && created.statusCode() != 409) {
                Salon.expect(201, created);
            }
            String token = Salon.login(auth, login, password);
            tokens.add(token);
            ids.add(Salon.subject(token));
        }
        Thread.sleep(2000); // room-service learns the new users from salon.users
        String conversation = Salon.JSON.readTree(Salon.expect(201, Salon.post(room + "/api/room/conversations", sender,
                "{\"name\":\"Bench " + System.currentTimeMillis() + "\",\"participants\":[\"" + String.join("\",\"", ids) + "\"]}")).body())
                .path("id").asText();
        tokens.add(sender);
        List<WebSocket> sockets = new ArrayList<>();
        for (String token : tokens) {
            sockets.add(open(ws, token, conversation, fanout).get(20, TimeUnit.SECONDS));
        }
        return new SalonChat(chat, sender, conversation, sockets);
    }

    /**
     * A session: connected with the token, said hello, welcomed, then (unless {@code conversation} is null) joined to
     * the conversation. Chat messages it receives go to {@code fanout}.
     */
    static CompletableFuture<WebSocket> open(String ws, String token, String conversation, Fanout fanout) {
        CompletableFuture<Void> welcomed = new CompletableFuture<>();
        CompletableFuture<Void> joined = new CompletableFuture<>();
        return Salon.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token).connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create(ws), listener(fanout, () -> welcomed.complete(null), () -> joined.complete(null)))
                .thenCompose(s -> s.sendText("{\"type\":\"hello\",\"version\":1}", true))
                .thenCompose(s -> welcomed.thenApply(v -> s))
                .thenCompose(s -> conversation == null ? CompletableFuture.completedFuture(s)
                        : s.sendText("{\"type\":\"join\",\"conversation\":\"" + conversation + "\"}", true).thenCompose(x -> joined.thenApply(v -> s)));
    }

    /** A session's listener: says when it is welcomed and joined, reports the chat messages it receives. */
    private static WebSocket.Listener listener(Fanout fanout, Runnable welcomed, Runnable joined) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
                long now = System.nanoTime();
                partial.append(data);
                if (last) {
                    try {
                        JsonNode frame = Salon.JSON.readTree(partial.toString());
                        switch (frame.path("type").asText()) {
                            case "welcome" -> welcomed.run();
                            case "joined" -> joined.run();
                            default -> {
                                if ("org.salon.chat.message.posted".equals(frame.at("/event/type").asText())) {
                                    fanout.delivered(frame.at("/event/data/body").asText(), now);
                                }
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    partial.setLength(0);
                }
                s.request(1);
                return null;
            }
        };
    }

    @Override
    public String name() {
        return "Salon";
    }

    @Override
    public int receivers() {
        return sockets.size();
    }

    @Override
    public CompletableFuture<?> send(String key) {
        HttpRequest post = HttpRequest.newBuilder(URI.create(messagesUrl)).header("Authorization", "Bearer " + sender)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"" + key + "\",\"idempotencyKey\":\"" + key + "\"}")).build();
        return Salon.HTTP.sendAsync(post, HttpResponse.BodyHandlers.ofString()).thenApply(r -> Salon.expect(201, r));
    }

    @Override
    public void close() {
        sockets.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
    }
}
