import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files API benchmark (issue 3), loopback only. Against a running server on PostgreSQL it
 * measures GET /api/files for a 10,000-entry workspace and POST /api/files/batch with 1,000 files,
 * and, in the same run, the raw JDBC baselines for the same rows, then prints p50s and ratios.
 *
 * Usage: java -cp postgresql.jar FilesBench.java BASE_URL JDBC_URL DB_USER DB_PASSWORD
 */
public class FilesBench {
    static final int TREE_ENTRIES = 10_000;
    static final int MAX_DEPTH = 8;
    static final int BATCH_FILES = 1_000;
    static final int TREE_WARMUP = 30;
    static final int TREE_RUNS = 200;
    static final int BATCH_WARMUP = 3;
    static final int BATCH_RUNS = 15;

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String base;

    public static void main(String[] args) throws Exception {
        base = args[0];
        String jdbcUrl = args[1];
        String dbUser = args[2];
        String dbPassword = args.length > 3 ? args[3] : "";
        Random random = new Random(42);

        String treeToken = signUp();
        List<String[]> tree = realisticTree(random);
        String treeUser = null;
        for (int i = 0; i < tree.size(); i += BATCH_FILES) {
            String body = batchJson(tree.subList(i, Math.min(tree.size(), i + BATCH_FILES)));
            String response = send(treeToken, "POST", "/api/files/batch", body, 201);
            treeUser = treeUser != null ? treeUser : field(response, "user_id");
        }
        int listed = countOccurrences(send(treeToken, "GET", "/api/files", null, 200), "\"isDirectory\"");
        if (listed != TREE_ENTRIES) {
            throw new IllegalStateException("tree lists " + listed + " entries, expected " + TREE_ENTRIES);
        }

        double[] apiTree = new double[TREE_RUNS];
        for (int i = 0; i < TREE_WARMUP + TREE_RUNS; i++) {
            long t0 = System.nanoTime();
            send(treeToken, "GET", "/api/files", null, 200);
            if (i >= TREE_WARMUP) {
                apiTree[i - TREE_WARMUP] = millis(t0);
            }
        }

        double[] serverTree = serverQuantiles(treeToken, "GET", "/api/files");

        String batchToken = signUp();
        double[] apiBatch = new double[BATCH_RUNS];
        for (int i = 0; i < BATCH_WARMUP + BATCH_RUNS; i++) {
            String body = batchJson(batchFiles(random, "import-" + i));
            long t0 = System.nanoTime();
            send(batchToken, "POST", "/api/files/batch", body, 201);
            if (i >= BATCH_WARMUP) {
                apiBatch[i - BATCH_WARMUP] = millis(t0);
            }
        }

        double[] serverBatch = serverQuantiles(batchToken, "POST", "/api/files/batch");

        double[] sqlTree = new double[TREE_RUNS];
        double[] sqlBatch = new double[BATCH_RUNS];
        try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword)) {
            for (int i = 0; i < TREE_WARMUP + TREE_RUNS; i++) {
                long t0 = System.nanoTime();
                int rows = selectTree(db, treeUser);
                if (i >= TREE_WARMUP) {
                    sqlTree[i - TREE_WARMUP] = millis(t0);
                }
                if (rows != TREE_ENTRIES) {
                    throw new IllegalStateException("SQL saw " + rows + " rows");
                }
            }
            String scratchUser = "bench-baseline-" + UUID.randomUUID();
            for (int i = 0; i < BATCH_WARMUP + BATCH_RUNS; i++) {
                List<String[]> files = batchFiles(random, "raw-" + i);
                long t0 = System.nanoTime();
                insertRaw(db, scratchUser, files);
                if (i >= BATCH_WARMUP) {
                    sqlBatch[i - BATCH_WARMUP] = millis(t0);
                }
            }
            try (PreparedStatement cleanup = db.prepareStatement("DELETE FROM workspace_files WHERE user_id = ?")) {
                cleanup.setString(1, scratchUser);
                cleanup.executeUpdate();
            }
        }

        report("GET /api/files, " + TREE_ENTRIES + " entries (depth <= " + MAX_DEPTH + ")", apiTree, serverTree,
                "SELECT path, is_directory ... WHERE user_id = ? (JDBC, same rows)", sqlTree);
        report("POST /api/files/batch, " + BATCH_FILES + " files", apiBatch, serverBatch,
                "JDBC batch INSERT of " + BATCH_FILES + " rows in one transaction", sqlBatch);
    }

    /** Directories and files like a real project: modules, nested packages, many small sources. */
    static List<String[]> realisticTree(Random random) {
        String[] dirNames = {"src", "lib", "components", "utils", "api", "models", "services", "hooks", "tests",
                "assets", "styles", "config", "core", "internal", "pkg", "handlers"};
        String[] extensions = {".ts", ".tsx", ".js", ".py", ".java", ".md", ".json", ".css"};
        List<String> dirs = new ArrayList<>();
        List<String[]> entries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String top = "project" + i;
            dirs.add(top);
            entries.add(new String[]{top, null});
        }
        while (entries.size() < TREE_ENTRIES) {
            String parent = dirs.get(random.nextInt(dirs.size()));
            int depth = parent.split("/").length;
            if (depth < MAX_DEPTH - 1 && random.nextInt(100) < 18) {
                String dir = parent + "/" + dirNames[random.nextInt(dirNames.length)] + random.nextInt(100);
                if (!dirs.contains(dir)) {
                    dirs.add(dir);
                    entries.add(new String[]{dir, null});
                }
            } else {
                String file = parent + "/file" + entries.size() + extensions[random.nextInt(extensions.length)];
                entries.add(new String[]{file, sourceText(random, 200 + random.nextInt(3800))});
            }
        }
        return entries;
    }

    static List<String[]> batchFiles(Random random, String root) {
        List<String[]> files = new ArrayList<>();
        for (int i = 0; i < BATCH_FILES; i++) {
            String path = root + "/pkg" + (i % 20) + "/sub" + (i % 7) + "/file" + i + ".ts";
            files.add(new String[]{path, sourceText(random, 200 + random.nextInt(1800))});
        }
        return files;
    }

    static String sourceText(Random random, int length) {
        StringBuilder s = new StringBuilder(length);
        while (s.length() < length) {
            s.append("export const value").append(random.nextInt(1000)).append(" = \"text\";\n");
        }
        return s.substring(0, length);
    }

    static String batchJson(List<String[]> entries) {
        StringBuilder json = new StringBuilder("{\"files\":[");
        for (int i = 0; i < entries.size(); i++) {
            String[] e = entries.get(i);
            json.append(i == 0 ? "" : ",").append("{\"path\":\"").append(e[0]).append('"');
            if (e[1] == null) {
                json.append(",\"isDirectory\":true}");
            } else {
                json.append(",\"content\":\"").append(e[1].replace("\\", "\\\\").replace("\"", "\\\"")
                        .replace("\n", "\\n")).append("\"}");
            }
        }
        return json.append("]}").toString();
    }

    static int selectTree(Connection db, String userId) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("SELECT path, is_directory FROM workspace_files WHERE user_id = ?")) {
            ps.setString(1, userId);
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getString(1);
                    rs.getBoolean(2);
                    rows++;
                }
            }
            return rows;
        }
    }

    static void insertRaw(Connection db, String userId, List<String[]> files) throws Exception {
        db.setAutoCommit(false);
        OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO workspace_files (id, user_id, path, name, "
                + "parent_path, is_directory, content, size_bytes, version, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, false, ?, ?, 1, ?, ?)")) {
            for (String[] f : files) {
                byte[] content = f[1].getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, userId);
                ps.setString(3, f[0]);
                ps.setString(4, f[0].substring(f[0].lastIndexOf('/') + 1));
                ps.setString(5, f[0].substring(0, f[0].lastIndexOf('/')));
                ps.setBytes(6, content);
                ps.setLong(7, content.length);
                ps.setObject(8, now);
                ps.setObject(9, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        db.commit();
        db.setAutoCommit(true);
    }

    static String signUp() throws Exception {
        String email = "bench-" + UUID.randomUUID() + "@example.test";
        String response = send(null, "POST", "/api/auth/signup",
                "{\"email\":\"" + email + "\",\"password\":\"Bench-" + UUID.randomUUID() + "\"}", 201);
        return field(response, "accessToken");
    }

    static String send(String token, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " "
                    + r.body().substring(0, Math.min(300, r.body().length())));
        }
        return r.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json.substring(0, Math.min(300, json.length())));
        }
        return m.group(1);
    }

    static int countOccurrences(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p / 100.0 * (sorted.length - 1)))];
    }

    /**
     * The server's own p50/p90/p99 (ms) for one route, from Micrometer's http.server.requests
     * (run.sh turns the percentiles on), read right after the measured requests.
     */
    static double[] serverQuantiles(String token, String method, String uri) throws Exception {
        String metrics = send(token, "GET", "/actuator/prometheus", null, 200);
        double[] q = new double[3];
        String[] names = {"0.5", "0.9", "0.99"};
        for (String line : metrics.split("\n")) {
            if (line.startsWith("http_server_requests_seconds{") && line.contains("uri=\"" + uri + "\"")
                    && line.contains("method=\"" + method + "\"") && line.contains("outcome=\"SUCCESS\"")) {
                for (int i = 0; i < names.length; i++) {
                    if (line.contains("quantile=\"" + names[i] + "\"")) {
                        q[i] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * 1000;
                    }
                }
            }
        }
        return q;
    }

    static void report(String what, double[] api, double[] server, String baselineName, double[] baseline) {
        double p50 = percentile(api, 50);
        double b50 = percentile(baseline, 50);
        System.out.printf("%s (n=%d)%n", what, api.length);
        System.out.printf("  client (loopback, full body): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms%n", p50,
                percentile(api, 90), percentile(api, 99));
        System.out.printf("  server (Micrometer, last 2 min): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms%n", server[0],
                server[1], server[2]);
        System.out.printf("  baseline %s: p50 %.1f ms -> client p50 / baseline %.1fx, server p50 / baseline %.1fx%n",
                baselineName, b50, p50 / b50, server[0] / b50);
    }
}
