import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Task queue benchmark (issue 9), loopback only; see README.md.
 *
 *   latency BASE_URL RUNS          POST /api/tasks -> first log line on the SSE stream, p50/p95,
 *                                  with the POST alone as the baseline of the same run
 *   throughput BASE_URL JDBC_URL DB_USER DB_PASSWORD TASKS USERS
 *                                  TASKS pending rows committed at once; tasks claimed and finished
 *                                  per second by whatever servers share the database, with a raw
 *                                  JDBC status update per task (one connection) as the baseline
 */
public class TasksBench {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    static final Pattern USER_ID = Pattern.compile("\"user\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "latency" -> latency(args[1], Integer.parseInt(args[2]));
            case "throughput" -> throughput(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    // ---- latency ----

    static void latency(String base, int runs) throws Exception {
        String[] user = signUp(base);
        String token = user[1];
        int warmup = Math.max(10, runs / 10);
        double[] post = new double[runs];
        double[] firstLine = new double[runs];
        for (int i = -warmup; i < runs; i++) {
            long t0 = System.nanoTime();
            String created = send(base, token, "POST", "/api/tasks", "{\"prompt\":\"bench " + i + "\"}", 201);
            long t1 = System.nanoTime();
            Matcher m = ID.matcher(created);
            if (!m.find()) {
                throw new IllegalStateException(created);
            }
            awaitFirstLogLine(base, token, m.group(1));
            long t2 = System.nanoTime();
            if (i >= 0) {
                post[i] = (t1 - t0) / 1e6;
                firstLine[i] = (t2 - t0) / 1e6;
            }
        }
        Arrays.sort(post);
        Arrays.sort(firstLine);
        System.out.printf("latency runs=%d%n", runs);
        System.out.printf("  POST /api/tasks alone (baseline)        p50 %.1f ms  p95 %.1f ms%n", p(post, 50), p(post, 95));
        System.out.printf("  POST -> first log line on SSE          p50 %.1f ms  p95 %.1f ms%n", p(firstLine, 50), p(firstLine, 95));
        System.out.printf("  ratio first line / POST (p50)          %.2fx%n", p(firstLine, 50) / p(post, 50));
    }

    static void awaitFirstLogLine(String base, String token, String id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/tasks/" + id + "/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("events: " + response.statusCode());
        }
        try (InputStream in = response.body();
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.equals("event: log")) {
                    return;
                }
            }
        }
        throw new IllegalStateException("stream ended without a log line");
    }

    // ---- throughput ----

    static void throughput(String base, String jdbcUrl, String dbUser, String dbPassword, int tasks, int users)
            throws Exception {
        List<String> userIds = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            userIds.add(signUp(base)[0]);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword)) {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM tasks");
            }
            for (String u : userIds) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO task_owners (user_id) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM task_owners WHERE user_id = ?)")) {
                    ps.setString(1, u);
                    ps.setString(2, u);
                    ps.executeUpdate();
                }
            }
            double baseline = baseline(c, userIds.get(0), Math.min(tasks, 2000));
            c.setAutoCommit(false);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO tasks (id, user_id, status, progress, prompt, selected_agent, created_at, updated_at,
                                       attempts, cancel_requested, log_seq)
                    VALUES (?, ?, 'pending', 0, 'bench', 'codingit', ?, ?, 0, FALSE, 0)""")) {
                for (int i = 0; i < tasks; i++) {
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setString(2, userIds.get(i % users));
                    ps.setObject(3, now.plusNanos(i * 1000L));
                    ps.setObject(4, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (count(c, "SELECT COUNT(*) FROM tasks WHERE status = 'completed'") < tasks) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("tasks did not complete in 10 minutes");
                }
                Thread.sleep(20);
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("""
                         SELECT MIN(l.logged_at), MAX(t.finished_at), COUNT(DISTINCT t.id), SUM(t.attempts)
                         FROM tasks t JOIN task_logs l ON l.task_id = t.id AND l.seq = 1""")) {
                rs.next();
                OffsetDateTime first = rs.getObject(1, OffsetDateTime.class);
                OffsetDateTime last = rs.getObject(2, OffsetDateTime.class);
                long done = rs.getLong(3);
                long attempts = rs.getLong(4);
                double seconds = Duration.between(first, last).toNanos() / 1e9;
                System.out.printf("throughput tasks=%d users=%d%n", tasks, users);
                System.out.printf("  tasks claimed, run (no-op) and finished  %.0f per second (%.2f s from first claim to last finish; %d attempts for %d tasks)%n",
                        done / seconds, seconds, attempts, done);
                System.out.printf("  baseline: one JDBC UPDATE per task       %.0f per second%n", baseline);
            }
        }
    }

    /** The floor: one connection flipping pending rows one UPDATE at a time (autocommit), no claim logic. */
    static double baseline(Connection c, String userId, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO tasks (id, user_id, status, progress, prompt, selected_agent, created_at, updated_at,
                                   attempts, cancel_requested, log_seq)
                VALUES (?, ?, 'completed', 0, 'baseline', 'codingit', ?, ?, 0, FALSE, 0)""")) {
            for (int i = 0; i < n; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                ps.setString(1, id);
                ps.setString(2, userId);
                ps.setObject(3, now);
                ps.setObject(4, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
        long t0 = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE tasks SET status = 'cancelled', attempts = attempts + 1 WHERE id = ? AND status = 'completed'")) {
            for (String id : ids) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
        }
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM tasks");
        }
        return rate;
    }

    static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- helpers ----

    /** @return {userId, accessToken} */
    static String[] signUp(String base) throws Exception {
        String body = "{\"email\":\"bench-" + UUID.randomUUID() + "@example.test\",\"password\":\"Pw-" + UUID.randomUUID() + "\"}";
        String response = send(base, null, "POST", "/api/auth/signup", body, 201);
        Matcher u = USER_ID.matcher(response);
        Matcher t = TOKEN.matcher(response);
        if (!u.find() || !t.find()) {
            throw new IllegalStateException(response);
        }
        return new String[] {u.group(1), t.group(1)};
    }

    static String send(String base, String token, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static double p(double[] sorted, int percentile) {
        int i = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
