package org.salon.bench;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.HdrHistogram.Histogram;


/**
 * Directory search for the "add participants" picker with 100,000 users: the latency of
 * GET /api/auth/users?search=… as the web client sends it (20 per page), one request at a time.
 * Arguments: authUrl jdbcUrl dbUser dbPassword demoPassword docFile [users] [requests]
 */
public final class DirectorySearchBench {
    private static final String[] SYLLABLES = { "ka", "lo", "mi", "ra", "to", "ne", "sa", "vi", "da", "re", "po", "lu", "an",
            "el", "or", "is", "ber", "gan", "tin", "mar", "sol", "fen", "dri", "qua", "zel", "hu", "jo", "wy", "ch", "st" };

    public static void main(String[] args) throws Exception {
        String auth = args[0];
        int users = args.length > 6 ? Integer.parseInt(args[6]) : 100_000;
        int requests = args.length > 7 ? Integer.parseInt(args[7]) : 3_000;
        Random random = new Random(42);
        List<String> first = names(random, 400);
        List<String> last = names(random, 900);
        long seeded;
        try (Connection db = DriverManager.getConnection(args[1], args[2], args[3])) {
            seeded = seed(db, users, first, last);
        }
        String token = Salon.login(auth, "alice", args[4]);

        List<String> queries = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String f = first.get(random.nextInt(first.size()));
            String l = last.get(random.nextInt(last.size()));
            queries.add(switch (i % 5) {
                case 0 -> f.substring(0, 1);
                case 1 -> f.substring(0, Math.min(3, f.length()));
                case 2 -> f;
                case 3 -> f + " " + l.substring(0, Math.min(2, l.length()));
                default -> "u" + (1 + random.nextInt(users));
            });
        }
        for (int i = 0; i < 300; i++) {
            search(auth, token, queries.get(i % queries.size()));
        }
        Histogram latency = Report.histogram();
        java.util.TreeMap<Long, String> slowest = new java.util.TreeMap<>();
        long hits = 0;
        long started = System.nanoTime();
        for (String q : queries) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = search(auth, token, q);
            long micros = (System.nanoTime() - t0) / 1000;
            latency.recordValue(micros);
            slowest.put(micros, q);
            if (slowest.size() > 10) {
                slowest.pollFirstEntry();
            }
            Salon.expect(200, r);
            hits += Salon.JSON.readTree(r.body()).path("users").size();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String verdict = latency.getValueAtPercentile(95) < 20_000 ? "met" : "missed";
        String body = """
                ## Directory search (identity issue)

                Goal: p95 under 20 ms with 100,000 users. Result: **%s** — p95 %s ms.

                | users in directory | requests (sequential, 20 per page) | p50 ms | p95 ms | p99 ms | max ms | requests/s | results/request |
                |---|---|---|---|---|---|---|---|
                | %d | %d | %s | %s | %s | %s | %.0f | %.1f |

                Queries mix one-letter, three-letter and whole first names, "first last-prefix" pairs and logins; the
                client is on the same machine, talking to auth-service directly over loopback (no gateway). Command:
                `bench/run directory`.
                """.formatted(verdict, Report.millis(latency, 95), seeded, requests, Report.millis(latency, 50),
                Report.millis(latency, 95), Report.millis(latency, 99), Report.millis(latency, 100), requests / seconds,
                (double) hits / requests);
        Report.write(Path.of(args[5]), "directory", body);
        System.err.println("slowest: " + slowest.descendingMap());
        System.out.println(body);
    }

    private static HttpResponse<String> search(String auth, String token, String query) throws Exception {
        return Salon.get(auth + "/api/auth/users?size=20&search=" + URLEncoder.encode(query, StandardCharsets.UTF_8), token);
    }

    /** Made-up names of two or three syllables: many shared prefixes, as in a real directory. */
    private static List<String> names(Random random, int count) {
        List<String> names = new ArrayList<>();
        while (names.size() < count) {
            StringBuilder b = new StringBuilder();
            for (int s = 0, n = 2 + random.nextInt(2); s < n; s++) {
                b.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            String name = b.substring(0, 1).toUpperCase(Locale.ROOT) + b.substring(1);
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Inserts the directory straight into auth-service's tables (creating 100,000 accounts through the API would
     * hash 100,000 passwords): ASCII names, so SQL's lower-case split yields the same words as SearchWords.
     */
    private static long seed(Connection db, int users, List<String> first, List<String> last) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("select count(*) from app_user where login ~ '^u[0-9]+$'")) {
            r.next();
            if (r.getLong(1) >= users) {
                return r.getLong(1);
            }
        }
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement("""
                insert into app_user (id, login, display_name, email, enabled, roles, created_at, updated_at)
                select gen_random_uuid(), 'u' || g, (?::text[])[1 + g % ?] || ' ' || (?::text[])[1 + (g / ?) % ?],
                       'u' || g || '@example.org', g % 50 <> 0, '{user}', now(), now()
                from generate_series(1, ?) g
                on conflict (login) do nothing""")) {
            insert.setArray(1, db.createArrayOf("text", first.toArray()));
            insert.setInt(2, first.size());
            insert.setArray(3, db.createArrayOf("text", last.toArray()));
            insert.setInt(4, first.size());
            insert.setInt(5, last.size());
            insert.setInt(6, users);
            insert.executeUpdate();
        }
        try (Statement s = db.createStatement()) {
            s.executeUpdate("""
                    insert into user_search_token (token, user_id)
                    select distinct w, u.id from app_user u,
                         regexp_split_to_table(lower(u.login || ' ' || u.display_name || ' ' || u.email), '[^a-z0-9]+') w
                    where u.login ~ '^u[0-9]+$' and w <> ''
                    on conflict do nothing""");
        }
        db.commit();
        try (Statement s = db.createStatement()) {
            db.setAutoCommit(true);
            // as autovacuum would after a bulk load: statistics, and the visibility map index-only scans need
            s.execute("vacuum analyze app_user");
            s.execute("vacuum analyze user_search_token");
        }
        return users;
    }

    private DirectorySearchBench() {
    }
}
