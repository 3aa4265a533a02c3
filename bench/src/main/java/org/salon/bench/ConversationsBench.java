package org.salon.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.HdrHistogram.Histogram;

/**
 * The conversation list and conversation creation in room-service. A user in 1,000 of 100,000 conversations asks
 * for pages of their list (50 per page, as the web client does); then clients create conversations with two
 * invited users, 8 at a time, and the outbox relay has to bring every event to Kafka.
 * Arguments: authUrl roomUrl jdbcUrl dbUser dbPassword demoPassword docFile [conversations] [mine] [requests] [creates]
 */
public final class ConversationsBench {
    private static final int DIRECTORY = 10_000;

    public static void main(String[] args) throws Exception {
        String room = args[1] + "/api/room/conversations";
        int conversations = args.length > 7 ? Integer.parseInt(args[7]) : 100_000;
        int mine = args.length > 8 ? Integer.parseInt(args[8]) : 1_000;
        int requests = args.length > 9 ? Integer.parseInt(args[9]) : 3_000;
        int creates = args.length > 10 ? Integer.parseInt(args[10]) : 2_000;
        String token = Salon.login(args[0], "alice", args[5]);
        String alice = Salon.subject(token);
        try (Connection db = DriverManager.getConnection(args[2], args[3], args[4])) {
            seed(db, alice, conversations, mine);
            Random random = new Random(7);
            int pages = Math.max(1, mine / 50);
            for (int i = 0; i < 300; i++) {
                Salon.expect(200, Salon.get(room + "?size=50&page=" + random.nextInt(pages), token));
            }
            Histogram list = Report.histogram();
            long listed = 0;
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                var r = Salon.expect(200, Salon.get(room + "?size=50&page=" + random.nextInt(pages), token));
                list.recordValue((System.nanoTime() - t0) / 1000);
                listed += Salon.JSON.readTree(r.body()).size();
            }
            Histogram search = Report.histogram();
            for (int i = 0; i < requests / 3; i++) {
                long t0 = System.nanoTime();
                Salon.expect(200, Salon.get(room + "?size=50&search=Bench%20" + (1 + random.nextInt(999)), token));
                search.recordValue((System.nanoTime() - t0) / 1000);
            }
            Histogram create = Report.histogram();
            long startedCreating = System.nanoTime();
            createConcurrently(room, token, creates, create);
            double createSeconds = (System.nanoTime() - startedCreating) / 1e9;
            long drainStarted = System.nanoTime();
            awaitOutboxEmpty(db);
            double drainSeconds = (System.nanoTime() - drainStarted) / 1e9;

            String listVerdict = list.getValueAtPercentile(95) < 30_000 ? "met" : "missed";
            String body = """
                    ## Conversation list and creation (conversations issue)

                    Goal: listing my conversations when I am in %d of %d, p95 under 30 ms. Result: **%s** — p95 %s ms.

                    | what | requests | p50 ms | p95 ms | p99 ms | max ms | throughput |
                    |---|---|---|---|---|---|---|
                    | list my conversations (50 per page, random page of %d, sequential) | %d | %s | %s | %s | %s | %.1f entries/request |
                    | search my conversations by name (sequential) | %d | %s | %s | %s | %s | |
                    | create a conversation with 2 invited users (8 clients at once) | %d | %s | %s | %s | %s | **%.0f conversations/s** |

                    Each creation writes the conversation, 3 participants and 4 outbox events in one transaction; the
                    outbox was empty (every event on Kafka) %.1f s after the last creation answered (%d events). PostgreSQL,
                    Kafka, auth-service and room-service run on the same 2-core machine as the client, over loopback;
                    the conversations and their participants are seeded in SQL. Command: `bench/run conversations`.
                    """.formatted(mine, conversations, listVerdict, Report.millis(list, 95), pages, requests, Report.millis(list, 50),
                    Report.millis(list, 95), Report.millis(list, 99), Report.millis(list, 100), (double) listed / requests,
                    requests / 3, Report.millis(search, 50), Report.millis(search, 95), Report.millis(search, 99),
                    Report.millis(search, 100), creates, Report.millis(create, 50), Report.millis(create, 95), Report.millis(create, 99),
                    Report.millis(create, 100), creates / createSeconds, drainSeconds, creates * 4);
            Report.write(Path.of(args[6]), "conversations", body);
            System.out.println(body);
        }
    }

    private static void createConcurrently(String room, String token, int creates, Histogram into) throws Exception {
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Histogram>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(pool.submit(() -> {
                    Histogram h = Report.histogram();
                    for (int i = client; i < creates; i += clients) {
                        String body = "{\"name\":\"Load " + i + "\",\"participants\":[\"" + user(i) + "\",\"" + user(i + 5000) + "\"]}";
                        long t0 = System.nanoTime();
                        Salon.expect(201, Salon.post(room, token, body));
                        h.recordValue((System.nanoTime() - t0) / 1000);
                    }
                    return h;
                }));
            }
            for (Future<Histogram> f : results) {
                into.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The id of directory user n, as seeded: a UUID made of the md5 of its name. */
    private static String user(int n) {
        return java.util.UUID.nameUUIDFromBytes(("bench-user-" + (n % DIRECTORY + 1)).getBytes()).toString();
    }

    private static void awaitOutboxEmpty(Connection db) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("select count(*) from outbox")) {
                r.next();
                if (r.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the outbox did not empty within 5 minutes");
    }

    /**
     * Seeds room-service's tables in SQL: a directory of 10,000 users, the conversations with three of them each,
     * and alice in every (conversations / mine)-th one, with a few unread messages.
     */
    private static void seed(Connection db, String alice, int conversations, int mine) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("select count(*) from conversation where name like 'Bench %'")) {
            r.next();
            if (r.getLong(1) >= conversations) {
                return;
            }
        }
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            // the same ids as Java's UUID.nameUUIDFromBytes (an MD5 with version 3 bits)
            s.execute("""
                    create or replace function pg_temp.bench_id(name text) returns uuid language sql as $$
                        select overlay(overlay(md5(name) placing '3' from 13) placing
                            substr('89ab', (('x' || substr(md5(name), 17, 1))::bit(4)::int % 4) + 1, 1) from 17)::uuid $$""");
            s.executeUpdate("""
                    insert into directory_user (id, login, display_name, enabled, changed_at)
                    select pg_temp.bench_id('bench-user-' || g), 'bench' || g, 'Bench User ' || g, true, now()
                    from generate_series(1, %d) g on conflict do nothing""".formatted(DIRECTORY));
            s.executeUpdate("""
                    insert into conversation (id, name, type, created_by, created_at, last_activity, last_seq)
                    select pg_temp.bench_id('bench-conv-' || g), 'Bench ' || g, 'group', 'bench', now() - interval '90 days',
                           now() - ((g * 7919) %% 2592000) * interval '1 second', g %% 200
                    from generate_series(1, %d) g on conflict do nothing""".formatted(conversations));
            s.executeUpdate("""
                    insert into participant (conversation_id, participant_id, kind, role, display_name, joined_at)
                    select pg_temp.bench_id('bench-conv-' || g), pg_temp.bench_id('bench-user-' || ((g + k * 3333) %% %d + 1))::text,
                           'user', case when k = 0 then 'owner' else 'member' end, 'Bench User ' || ((g + k * 3333) %% %d + 1),
                           now() - interval '90 days'
                    from generate_series(1, %d) g, generate_series(0, 2) k on conflict do nothing"""
                    .formatted(DIRECTORY, DIRECTORY, conversations));
            try (PreparedStatement p = db.prepareStatement("""
                    insert into participant (conversation_id, participant_id, kind, role, display_name, joined_at, read_seq)
                    select pg_temp.bench_id('bench-conv-' || g), ?, 'user', 'member', 'Alice', now(), greatest(0, g % 200 - g % 7)
                    from generate_series(1, ?) g where g % ? = 0 on conflict do nothing""")) {
                p.setString(1, alice);
                p.setInt(2, conversations);
                p.setInt(3, conversations / mine);
                p.executeUpdate();
            }
        }
        db.commit();
        db.setAutoCommit(true);
        try (Statement s = db.createStatement()) {
            s.execute("vacuum analyze directory_user");
            s.execute("vacuum analyze conversation");
            s.execute("vacuum analyze participant");
        }
    }

    private ConversationsBench() {
    }
}
