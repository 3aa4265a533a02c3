package org.salon.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.salon.resilience.Fixtures.World;
import org.salon.testkit.MediaNamespace;

/**
 * People chatting in several conversations through the gateway while parts of the suite fail: in each conversation
 * (a {@link World}: bob, carol, dave and a guest) the four post in turn at a steady rate, each post retried with its
 * idempotency key until it is acknowledged; every tenth turn alice, who is not in it, tries too and must be refused;
 * bob renames one conversation every few seconds; a new guest joins one by its link every 5 s and must be able to
 * read it. Each participant's {@link ChatSession} keeps what it was shown, so that {@link #check} can compare what
 * was acknowledged, stored and shown.
 */
final class Workload implements AutoCloseable {
    /** Every message of the workload starts so; other tests' messages are not counted. */
    static final String MARK = "workload ";
    private static final Duration GIVE_UP = Duration.ofSeconds(90);
    /** Calls with media in the workload (each two people): fewer browsers in the test command, on 2 cores. */
    static final int CALLS = Integer.getInteger("salon.resilience.calls", 1);
    private final ResilienceStack stack;
    private final Fixtures fixtures;
    final List<World> worlds;
    final List<ChatSession> sessions = new ArrayList<>();
    final List<CallClient> calls = new ArrayList<>();
    private final Map<String, List<Ack>> acked = new ConcurrentHashMap<>();
    private final Map<String, List<String>> renamed = new ConcurrentHashMap<>();
    private final Map<String, String> initialNames = new ConcurrentHashMap<>();
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger retries = new AtomicInteger();
    /** Why requests were sent again: the status answered, or no answer. */
    final Map<String, Integer> retried = new ConcurrentHashMap<>();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger guestsJoined = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final String run = Fixtures.unique();
    private volatile boolean posting = true;

    /** A message acknowledged, and when (System.nanoTime). */
    record Ack(long id, long at) {
    }

    /** What was acknowledged, stored and shown; equal lists per conversation and per participant when nothing was lost. */
    record Counts(int acknowledged, int stored, int shown, int refused, int renames, int guestsJoined) {
    }

    Workload(ResilienceStack stack, Fixtures fixtures, int conversations, Duration interval) {
        this(stack, fixtures, conversations, interval, null);
    }

    /**
     * With {@code media} (not null), also calls (1 or 2, {@code -Dsalon.resilience.calls}, 1 in the test command): bob
     * and carol in the first conversation, then dave and its guest in the second.
     */
    Workload(ResilienceStack stack, Fixtures fixtures, int conversations, Duration interval, MediaNamespace media) {
        this.stack = stack;
        this.fixtures = fixtures;
        worlds = IntStream.range(0, conversations).mapToObj(i -> fixtures.world()).toList();
        List<String> ids = worlds.stream().map(World::conversation).toList();
        ids.forEach(c -> {
            initialNames.put(c, stack.call(fixtures.token("bob"), "GET", "room", "/api/room/conversations/" + c, null, 200).path("name").asText());
            acked.put(c, Collections.synchronizedList(new ArrayList<>()));
            renamed.put(c, Collections.synchronizedList(new ArrayList<>()));
        });
        for (String user : List.of("bob", "carol", "dave")) {
            sessions.add(new ChatSession(stack, user, () -> fixtures.token(user), ids));
        }
        for (World w : worlds) {
            sessions.add(new ChatSession(stack, "guest of " + w.conversation(), w::guest, List.of(w.conversation())));
            threads.add(new Thread(() -> chat(w, interval), "posts-" + w.conversation()));
        }
        if (media != null) {
            World a = worlds.get(0);
            calls.add(new CallClient(stack, media, "bob in a call", () -> fixtures.token("bob"), a.conversation()));
            calls.add(new CallClient(stack, media, "carol in a call", () -> fixtures.token("carol"), a.conversation()));
            if (CALLS > 1) {
                World b = worlds.get(1);
                calls.add(new CallClient(stack, media, "dave in a call", () -> fixtures.token("dave"), b.conversation()));
                calls.add(new CallClient(stack, media, "a guest in a call", b::guest, b.conversation()));
            }
        }
        threads.add(new Thread(() -> rename(interval.multipliedBy(6)), "renames"));
        threads.add(new Thread(() -> guests(interval.multipliedBy(10)), "guests"));
        threads.forEach(Thread::start);
    }

    private void problem(String what) {
        problems.add(stack.moment() + " " + what);
    }

    private void chat(World w, Duration interval) {
        List<Supplier<String>> authors = List.of(() -> fixtures.token("bob"), () -> fixtures.token("carol"), () -> fixtures.token("dave"), w::guest);
        for (int n = 1; posting; n++) {
            int turn = n;
            String key = run + "-" + turn;
            Answer a = until(() -> post(authors.get(turn % authors.size()), w, MARK + turn, key));
            if (a.ok()) {
                acked.get(w.conversation()).add(new Ack(a.id(), System.nanoTime()));
            } else {
                problem("a post to " + w.conversation() + " was refused: " + a.status());
            }
            if (turn % 10 == 0) {
                Answer outsider = until(() -> post(() -> fixtures.token("alice"), w, MARK + "refused " + turn, key + "-refused"));
                if (outsider.ok()) {
                    problem("alice, not in " + w.conversation() + ", could post to it");
                } else {
                    refused.incrementAndGet();
                }
            }
            Fixtures.sleep(interval.toMillis());
        }
    }

    private void rename(Duration every) {
        for (int turn = 1; posting; turn++) {
            World w = worlds.get(turn % worlds.size());
            String name = "Workload " + run + " " + turn;
            Answer a = until(() -> {
                HttpResponse<String> r = request(fixtures.token("bob"), "PATCH", "/api/room/conversations/" + w.conversation(),
                        "{\"name\":\"" + name + "\"}");
                return new Answer(r.statusCode(), 0);
            });
            if (a.ok()) {
                renamed.get(w.conversation()).add(name);
            } else {
                problem("renaming " + w.conversation() + " was refused: " + a.status());
            }
            Fixtures.sleep(every.toMillis());
        }
    }

    /** A new guest every so often, by a conversation's link, who must then be able to read it. */
    private void guests(Duration every) {
        for (int turn = 1; posting; turn++) {
            World w = worlds.get(turn % worlds.size());
            String visitor = "Visitor " + turn;
            String[] token = new String[1];
            Answer joined = until(() -> {
                HttpResponse<String> r = request(null, "POST", "/api/room/public/" + w.link() + "/join", "{\"displayName\":\"" + visitor + "\"}");
                if (r.statusCode() == 200) {
                    token[0] = ResilienceStack.JSON.readTree(r.body()).path("token").asText();
                }
                return new Answer(r.statusCode(), 0);
            });
            // chat-service learns of a new guest from room-service's event: until then (longer while Kafka is away)
            // the guest is not yet a participant there
            long deadline = System.nanoTime() + GIVE_UP.toNanos();
            Answer reads = joined;
            while (joined.ok()) {
                reads = until(() -> new Answer(request(token[0], "GET", "/api/chat/conversations/" + w.conversation() + "/messages?limit=1",
                        null).statusCode(), 0));
                if (reads.status() != 403 || System.nanoTime() > deadline) {
                    break;
                }
                Fixtures.sleep(100);
            }
            if (reads.ok()) {
                guestsJoined.incrementAndGet();
            } else {
                problem(visitor + " could not join " + w.conversation() + " by its link and read it: " + reads.status());
            }
            Fixtures.sleep(every.toMillis());
        }
    }

    private record Answer(int status, long id) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** Worth sending again: the suite is not all there (a refusal is final). */
        boolean again() {
            return status < 0 || status == 429 || status >= 500;
        }
    }

    private Answer post(Supplier<String> author, World w, String body, String key) throws IOException {
        HttpResponse<String> r = request(author.get(), "POST", "/api/chat/conversations/" + w.conversation() + "/messages",
                "{\"body\":\"" + body + "\",\"idempotencyKey\":\"" + key + "\"}");
        return new Answer(r.statusCode(), r.statusCode() / 100 == 2 ? ResilienceStack.JSON.readTree(r.body()).path("id").asLong() : 0);
    }

    /** A request through the gateway, with a bearer token unless null, and a JSON body unless null. */
    private HttpResponse<String> request(String token, String method, String path, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.gateway() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return stack.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private interface Attempt {
        Answer send() throws IOException;
    }

    /** Sends until the answer is final (or {@link #GIVE_UP} passes: a problem). */
    private Answer until(Attempt attempt) {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (true) {
            Answer a;
            try {
                a = attempt.send();
            } catch (IOException | IllegalStateException e) {
                a = new Answer(-1, 0); // no answer, or no token: auth-service is away
            }
            if (!a.again()) {
                return a;
            }
            if (System.nanoTime() > deadline) {
                problem("no final answer in " + GIVE_UP + ", last " + a.status());
                return a;
            }
            retries.incrementAndGet();
            retried.merge(a.status() < 0 ? "no answer" : String.valueOf(a.status()), 1, Integer::sum);
            Fixtures.sleep(250);
        }
    }

    /**
     * Waits until every participant of every conversation shows a message acknowledged after {@code since}
     * (System.nanoTime); when that was, or an IllegalStateException after {@code max}.
     */
    long awaitFlowing(long since, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            boolean all = true;
            for (World w : worlds) {
                List<Ack> list = acked.get(w.conversation());
                Ack after;
                synchronized (list) {
                    after = list.stream().filter(a -> a.at() > since).findFirst().orElse(null);
                }
                all &= after != null && sessions.stream().filter(s -> s.conversations.contains(w.conversation()))
                        .allMatch(s -> s.shown(w.conversation()).contains(after.id()));
            }
            if (all) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no message posted after the restart reached everyone in " + max + "; " + problems);
            }
            Fixtures.sleep(50);
        }
    }

    /**
     * Waits until media flows to every participant of every call (each decoding at least 5 more video frames within
     * half a second); when that half-second ended, or an IllegalStateException after {@code max}.
     */
    long awaitMedia(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            List<Long> before = calls.stream().map(CallClient::frames).toList();
            Fixtures.sleep(500);
            List<Long> after = calls.stream().map(CallClient::frames).toList();
            if (IntStream.range(0, calls.size()).allMatch(i -> after.get(i) - before.get(i) >= 5)) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("media did not flow to every participant within " + max + ": frames " + before + " -> "
                        + after + "; " + calls.stream().flatMap(c -> c.problems.stream()).toList());
            }
        }
    }

    /** Stops posting and renaming and waits (bounded) until every participant shows everything acknowledged. */
    void finish(Duration max) {
        posting = false;
        threads.forEach(t -> {
            try {
                t.join(GIVE_UP.plusSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && !sessions.stream().allMatch(s -> s.conversations.stream()
                .allMatch(c -> s.shown(c).size() >= acked(c).size() && s.names(c).size() >= renamed.get(c).size()))) {
            Fixtures.sleep(100);
        }
    }

    List<Long> acked(String conversation) {
        List<Ack> list = acked.get(conversation);
        synchronized (list) {
            return list.stream().map(Ack::id).toList();
        }
    }

    /** Every difference between what was acknowledged, stored, shown and named; and the counts. */
    Counts check(List<String> differences) {
        int stored = 0;
        int shown = 0;
        int renames = 0;
        differences.addAll(problems);
        for (World w : worlds) {
            String c = w.conversation();
            List<Long> ids = acked(c);
            List<Long> inDatabase = stored(c);
            stored += inDatabase.size();
            if (!inDatabase.equals(ids)) {
                differences.add(c + ": stored " + inDatabase + " but acknowledged " + ids);
            }
            String name = stack.call(fixtures.token("bob"), "GET", "room", "/api/room/conversations/" + c, null, 200).path("name").asText();
            List<String> names = renamed.get(c);
            renames += names.size();
            List<String> all = new ArrayList<>(List.of(initialNames.get(c)));
            all.addAll(names);
            if (!all.get(all.size() - 1).equals(name)) {
                differences.add(c + ": named " + name + " but last renamed " + all.get(all.size() - 1));
            }
            for (ChatSession s : sessions) {
                if (s.conversations.contains(c)) {
                    shown += s.shown(c).size();
                    if (!s.shown(c).equals(ids)) {
                        differences.add(s.name + " shows " + s.shown(c) + " of " + c + " but acknowledged were " + ids);
                    }
                    // a session that had to start anew was not told what happened meanwhile, but reads the name again
                    List<String> told = s.names(c);
                    boolean right = s.newSessions.get() == 0 ? told.equals(names)
                            : inOrderWithin(told, all) && (told.isEmpty() ? all.size() == 1 : told.get(told.size() - 1).equals(name));
                    if (!right) {
                        differences.add(s.name + " was told the names " + told + " of " + c + " but it was renamed " + names);
                    }
                }
            }
        }
        sessions.forEach(s -> differences.addAll(s.problems));
        calls.forEach(c -> differences.addAll(c.problems));
        if (!differences.isEmpty()) {
            // why a frame was refused with internal_error is in signaling-service's log only
            differences.addAll(stack.logged("frame failed"));
        }
        return new Counts(worlds.stream().mapToInt(w -> acked(w.conversation()).size()).sum(), stored, shown, refused.get(), renames,
                guestsJoined.get());
    }

    /** Whether {@code part}'s elements appear in {@code whole} in the same order, each once. */
    private static boolean inOrderWithin(List<String> part, List<String> whole) {
        int at = 0;
        for (String p : part) {
            int found = whole.subList(at, whole.size()).indexOf(p);
            if (found < 0) {
                return false;
            }
            at += found + 1;
        }
        return true;
    }

    /** The workload's messages chat-service stored in a conversation, in its order (the refused ones too, if any were). */
    private List<Long> stored(String conversation) {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement q = stack.database("chat").prepareStatement(
                "select id from message where conversation_id = ?::uuid and body like ? order by seq")) {
            q.setString(1, conversation);
            q.setString(2, MARK + "%");
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    /** Connections that closed for another reason than their token expiring (which the server does a second before). */
    int connectionsLost() {
        return sessions.stream().mapToInt(s -> s.reconnects.get() - s.tokenRenewals.get()).sum()
                + calls.stream().mapToInt(c -> c.reconnects.get() - c.tokenRenewals.get()).sum();
    }

    /** Each participant's reconnections, resumed sessions, resyncs and event frames dropped as already had. */
    String sessionCounts() {
        return "reconnections " + sessions.stream().mapToInt(s -> s.reconnects.get()).sum() + " (for an expiring token "
                + sessions.stream().mapToInt(s -> s.tokenRenewals.get()).sum() + "), resumed "
                + sessions.stream().mapToInt(s -> s.resumed.get()).sum() + ", new sessions " + sessions.stream().mapToInt(s -> s.newSessions.get()).sum()
                + ", resyncs " + sessions.stream().mapToInt(s -> s.resyncs.get()).sum()
                + ", repeated event frames dropped " + sessions.stream().mapToInt(s -> s.duplicateFrames.get()).sum()
                + (calls.isEmpty() ? "" : "; in calls: reconnections " + calls.stream().mapToInt(c -> c.reconnects.get()).sum()
                        + " (for an expiring token " + calls.stream().mapToInt(c -> c.tokenRenewals.get()).sum() + ")"
                        + ", media started over when told to publish again " + calls.stream().mapToInt(c -> c.republished.get()).sum());
    }

    @Override
    public void close() {
        posting = false;
        calls.forEach(CallClient::close);
        sessions.forEach(ChatSession::close);
    }
}
