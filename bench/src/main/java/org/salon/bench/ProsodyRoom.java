package org.salon.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * The peer: a Prosody multi-user chat room with {@code occupants} (anonymous XMPP logins through Smack, one TCP
 * connection each); a message is a groupchat message of the first occupant, delivered when an occupant receives it
 * (Prosody reflects it to its sender too, as Salon delivers a post to its author's socket).
 */
final class ProsodyRoom implements Fanout.Target {
    private final List<XMPPTCPConnection> connections = new ArrayList<>();
    private final MultiUserChat sender;
    private final ExecutorService sending = Executors.newSingleThreadExecutor();
    private final int occupants;

    ProsodyRoom(int port, String domain, int occupants, Fanout fanout) throws Exception {
        this.occupants = occupants;
        EntityBareJid room = JidCreate.entityBareFrom("bench" + System.currentTimeMillis() + "@conference." + domain);
        MultiUserChat first = null;
        for (int i = 0; i < occupants; i++) {
            XMPPTCPConnection connection = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain(domain).setHost("127.0.0.1").setPort(port).setSecurityMode(SecurityMode.disabled)
                    .performSaslAnonymousAuthentication().build());
            connection.connect().login();
            connections.add(connection);
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(room);
            muc.addMessageListener(message -> {
                long now = System.nanoTime();
                if (message.getBody() != null) { // the room's subject and the like carry none
                    fanout.delivered(message.getBody(), now);
                }
            });
            if (first == null) {
                muc.create(Resourcepart.from("occupant" + i)).makeInstant();
                first = muc;
            } else {
                muc.join(Resourcepart.from("occupant" + i));
            }
        }
        sender = first;
    }

    @Override
    public String name() {
        return "Prosody";
    }

    @Override
    public int receivers() {
        return occupants;
    }

    @Override
    public CompletableFuture<?> send(String key) {
        // the sender's socket write is its whole request: XMPP answers nothing to a groupchat message
        return CompletableFuture.runAsync(() -> {
            try {
                sender.sendMessage(key);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, sending);
    }

    @Override
    public void close() {
        sending.shutdown();
        connections.forEach(XMPPTCPConnection::disconnect);
    }
}
