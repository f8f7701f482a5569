import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Projects benchmark (issue 20), PostgreSQL, loopback only; see README.md. Usage:
 *   ProjectsBench BASE_URL JDBC_URL DB_USER DB_PASSWORD RUNS
 *
 * 1. list 1,000 projects: GET /api/projects (5 pages of 200, cursor) vs the raw SELECTs of the same rows
 * 2. open a chat of 500 messages: GET .../messages vs the raw SELECT of the same 500 rows
 * 3. POST /api/chat time to first byte with projectId/chatId vs the same request without them
 * Every pair is measured alternately in the same run, after a warm-up.
 */
public class ProjectsBench {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern USER_ID = Pattern.compile("\"user\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern CURSOR = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"");
    static final String PROJECT_SELECT = "SELECT p.id, p.user_id, p.name, p.template, p.current_version, p.created_at, p.updated_at"
            + " FROM projects p WHERE p.user_id = ? %s ORDER BY p.updated_at DESC, p.id DESC LIMIT 201";
    static final String MESSAGE_SELECT = """
            SELECT m.seq, m.role, m.status, m.content, m.attachments, m.fragment_version,
                   (SELECT v.fragment FROM fragment_versions v WHERE v.project_id = ? AND v.number = m.fragment_version) AS fragment,
                   m.created_at
              FROM project_messages m
             WHERE m.chat_id = ? AND m.seq > 0 ORDER BY m.seq LIMIT 2000""";

    /** The statement a project chat runs before its first byte (ProjectStore.chatWindow). */
    static final String CHAT_WINDOW = """
            SELECT c.id, c.project_id, c.title, c.message_seq, c.created_at, c.updated_at,
                   m.seq, m.role, m.status, m.content, m.attachments, m.fragment_version,
                   (SELECT v.fragment FROM fragment_versions v WHERE v.project_id = ? AND v.number = m.fragment_version) AS fragment,
                   m.created_at AS m_created_at
              FROM project_chats c
              JOIN projects p ON p.id = c.project_id
              LEFT JOIN project_messages m ON m.chat_id = c.id AND m.seq > c.message_seq - 40 AND m.status <> 'failed'
             WHERE c.id = ? AND c.project_id = ? AND p.user_id = ?
             ORDER BY m.seq DESC""";

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int runs = Integer.parseInt(args[4]);
        try (Connection db = DriverManager.getConnection(args[1], args[2], args[3])) {
            String[] user = signUp(base);
            String userId = user[0];
            String token = user[1];
            String lastProject = seedProjects(db, userId, 1000);
            String chat = seedChat(db, lastProject, 500);
            System.out.printf("seeded 1000 projects and a chat of 500 messages; load %s%n", load());
            listing(base, token, db, userId, runs);
            openChat(base, token, db, lastProject, chat, runs);
            try (FakeModel model = new FakeModel()) {
                firstByte(base, token, model, runs * 2, db, userId);
            }
        }
        System.out.printf("load at the end %s%n", load());
    }

    // ---- 1: the list ----

    static void listing(String base, String token, Connection db, String userId, int runs) throws Exception {
        double[] api = new double[runs];
        double[] raw = new double[runs];
        int warmup = Math.max(10, runs / 5);
        for (int i = -warmup; i < runs; i++) {
            long t0 = System.nanoTime();
            int viaApi = listAll(base, token);
            long t1 = System.nanoTime();
            int viaSql = selectAll(db, userId);
            long t2 = System.nanoTime();
            if (viaApi != 1000 || viaSql != 1000) {
                throw new IllegalStateException("listed " + viaApi + " / " + viaSql);
            }
            if (i >= 0) {
                api[i] = (t1 - t0) / 1e6;
                raw[i] = (t2 - t1) / 1e6;
            }
        }
        report("list 1,000 projects (5 pages of 200)", api, raw);
    }

    static int listAll(String base, String token) throws Exception {
        int count = 0;
        String cursor = null;
        do {
            String body = get(base, token, "/api/projects?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
            count += occurrences(body, "\"template\":");
            Matcher m = CURSOR.matcher(body);
            cursor = m.find() ? m.group(1) : null;
        } while (cursor != null);
        return count;
    }

    static int selectAll(Connection db, String userId) throws Exception {
        int count = 0;
        OffsetDateTime lastTime = null;
        String lastId = null;
        while (true) {
            String sql = PROJECT_SELECT.formatted(lastId == null ? "" : "AND (p.updated_at < ? OR (p.updated_at = ? AND p.id < ?))");
            try (PreparedStatement s = db.prepareStatement(sql)) {
                s.setString(1, userId);
                if (lastId != null) {
                    s.setObject(2, lastTime);
                    s.setObject(3, lastTime);
                    s.setString(4, lastId);
                }
                int page = 0;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next() && page < 200) {
                        rs.getString(3);
                        lastTime = rs.getObject(7, OffsetDateTime.class);
                        lastId = rs.getString(1);
                        page++;
                    }
                }
                count += page;
                if (page < 200) {
                    return count;
                }
            }
        }
    }

    // ---- 2: a chat of 500 messages ----

    static void openChat(String base, String token, Connection db, String project, String chat, int runs) throws Exception {
        double[] api = new double[runs];
        double[] raw = new double[runs];
        int warmup = Math.max(10, runs / 5);
        String path = "/api/projects/" + project + "/chats/" + chat + "/messages";
        for (int i = -warmup; i < runs; i++) {
            long t0 = System.nanoTime();
            String body = get(base, token, path);
            long t1 = System.nanoTime();
            int rows = 0;
            try (PreparedStatement s = db.prepareStatement(MESSAGE_SELECT)) {
                s.setString(1, project);
                s.setString(2, chat);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(4);
                        rs.getString(7);
                        rows++;
                    }
                }
            }
            long t2 = System.nanoTime();
            if (rows != 500 || occurrences(body, "\"seq\":") != 500) {
                throw new IllegalStateException("read " + rows + " rows");
            }
            if (i >= 0) {
                api[i] = (t1 - t0) / 1e6;
                raw[i] = (t2 - t1) / 1e6;
            }
        }
        report("open a chat of 500 messages", api, raw);
    }

    // ---- 3: chat streaming, first byte ----

    static void firstByte(String base, String token, FakeModel model, int runs, Connection db, String userId) throws Exception {
        String project = created(post(base, token, "/api/projects", "{\"name\":\"ttfb\",\"template\":\"code-interpreter-v1\"}"));
        String chat = created(post(base, token, "/api/projects/" + project + "/chats", "{\"title\":\"ttfb\"}"));
        double[] single = new double[runs];
        double[] sameHistory = new double[runs];
        double[] with = new double[runs];
        double[] query = new double[runs];
        int warmup = Math.max(20, runs / 5);
        int turns = 0; // project turns so far: the server's history is the last min(2 * turns, 40) messages
        for (int i = -warmup; i < runs; i++) {
            String history = history(model, Math.min(2 * turns, 40));
            double[] t = new double[3];
            for (int k = 0; k < 3; k++) {
                int variant = Math.floorMod(i + k, 3); // the order rotates
                t[variant] = switch (variant) {
                    case 0 -> ttfb(base, token, chatBody(model, "", null, null));
                    case 1 -> ttfb(base, token, chatBody(model, history, null, null));
                    default -> ttfb(base, token, chatBody(model, "", project, chat));
                };
            }
            turns++;
            long q0 = System.nanoTime();
            try (PreparedStatement s = db.prepareStatement(CHAT_WINDOW)) {
                s.setString(1, project);
                s.setString(2, chat);
                s.setString(3, project);
                s.setString(4, userId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(13);
                    }
                }
            }
            double queryMs = (System.nanoTime() - q0) / 1e6;
            if (i >= 0) {
                query[i] = queryMs;
                single[i] = t[0];
                sameHistory[i] = t[1];
                with[i] = t[2];
            }
        }
        double[] withCopy = with.clone();
        double[] paired = new double[runs];
        double[] pairedHistory = new double[runs];
        for (int i = 0; i < runs; i++) {
            paired[i] = with[i] - single[i];
            pairedHistory[i] = with[i] - sameHistory[i];
        }
        Arrays.sort(paired);
        Arrays.sort(pairedHistory);
        Arrays.sort(query);
        System.out.printf("the chat-window statement alone over JDBC (same rounds): p50 %.2f ms  p95 %.2f ms%n", p(query, 50), p(query, 95));
        System.out.printf("first byte, median of the per-round differences (same round, back to back): %+.2f ms vs one message, "
                + "%+.2f ms vs the same history%n", p(paired, 50), p(pairedHistory, 50));
        report("POST /api/chat first byte: projectId+chatId vs the same request without them (one message)", with, single);
        report("POST /api/chat first byte: projectId+chatId vs no project, the client sending the same history", withCopy, sameHistory);
    }

    /** {@code count} messages of the conversation the project chat has by now: question, answer, question, ... */
    static String history(FakeModel model, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(i % 2 == 0 ? "{\"role\":\"user\",\"content\":\"print hello\"}"
                    : "{\"role\":\"assistant\",\"content\":" + FakeModel.quote(FakeModel.FRAGMENT) + "}").append(',');
        }
        return out.toString();
    }

    static String chatBody(FakeModel model, String history, String project, String chat) {
        return "{\"messages\":[" + history + "{\"role\":\"user\",\"content\":\"print hello\"}],"
                + "\"model\":{\"id\":\"gpt-bench\",\"providerId\":\"openai\"},"
                + "\"config\":{\"apiKey\":\"sk-bench\",\"baseURL\":\"" + model.baseUrl() + "\"},"
                + "\"template\":\"code-interpreter-v1\""
                + (project == null ? "" : ",\"projectId\":\"" + project + "\",\"chatId\":\"" + chat + "\"") + "}";
    }

    /** Raw socket request; milliseconds until the first byte of the body, then the rest is read. */
    static double ttfb(String base, String token, String body) throws Exception {
        URI uri = URI.create(base);
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            String head = "POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\nContent-Type: application/json\r\nAccept: text/plain\r\nContent-Length: "
                    + payload.length + "\r\n\r\n";
            long t0 = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            long first = 0;
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                seen.write(buffer, 0, n);
                if (first == 0) {
                    String text = seen.toString(StandardCharsets.ISO_8859_1);
                    int end = text.indexOf("\r\n\r\n");
                    if (end >= 0 && text.length() > end + 4) {
                        first = System.nanoTime();
                    }
                }
            }
            String response = seen.toString(StandardCharsets.UTF_8);
            if (!response.startsWith("HTTP/1.1 200") || !response.contains("commentary")) {
                throw new IllegalStateException(response);
            }
            return (first - t0) / 1e6;
        }
    }

    /** An OpenAI-compatible upstream on 127.0.0.2 that answers every request with a small fragment at once. */
    static final class FakeModel implements AutoCloseable {
        final HttpServer server;

        static final String FRAGMENT = "{\"commentary\":\"hi\",\"template\":\"code-interpreter-v1\",\"title\":\"Hello\",\"description\":\"d\","
                    + "\"additional_dependencies\":[],\"has_additional_dependencies\":false,\"install_dependencies_command\":\"\","
                    + "\"port\":null,\"file_path\":\"script.py\",\"code\":\"print('hello')\"}";

        FakeModel() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            String fragment = FRAGMENT;
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < fragment.length(); i += 16) {
                        String piece = fragment.substring(i, Math.min(fragment.length(), i + 16));
                        out.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                                + "\"delta\":{\"content\":" + quote(piece) + "},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    out.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                            + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
                }
            });
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.2:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }

        static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    // ---- seeding (straight to the database: creating 1,000 projects through the API would measure the API) ----

    static String seedProjects(Connection db, String userId, int count) throws Exception {
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1);
        String last = null;
        db.setAutoCommit(false);
        try (PreparedStatement s = db.prepareStatement("INSERT INTO projects (id, user_id, name, template, version_seq, current_version, "
                + "created_at, updated_at) VALUES (?, ?, ?, 'code-interpreter-v1', 0, NULL, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                last = UUID.randomUUID().toString();
                s.setString(1, last);
                s.setString(2, userId);
                s.setString(3, "Project " + i);
                s.setObject(4, start.plusSeconds(i));
                s.setObject(5, start.plusSeconds(i));
                s.addBatch();
            }
            s.executeBatch();
        }
        db.commit();
        db.setAutoCommit(true);
        return last;
    }

    static String seedChat(Connection db, String project, int messages) throws Exception {
        String chat = UUID.randomUUID().toString();
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        db.setAutoCommit(false);
        try (PreparedStatement c = db.prepareStatement("INSERT INTO project_chats (id, project_id, title, message_seq, created_at, updated_at) "
                + "VALUES (?, ?, 'bench', ?, ?, ?)")) {
            c.setString(1, chat);
            c.setString(2, project);
            c.setInt(3, messages);
            c.setObject(4, start);
            c.setObject(5, start);
            c.executeUpdate();
        }
        try (PreparedStatement v = db.prepareStatement("INSERT INTO fragment_versions (project_id, number, chat_id, source, title, template, "
                + "file_path, fragment, created_at) VALUES (?, ?, ?, 'chat', ?, 'code-interpreter-v1', 'script.py', ?, ?)");
             PreparedStatement m = db.prepareStatement("INSERT INTO project_messages (chat_id, seq, role, status, content, fragment_version, "
                     + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int seq = 1; seq <= messages; seq++) {
                boolean user = seq % 2 == 1;
                int version = seq / 2;
                if (!user) {
                    String code = ("import math\nfor i in range(" + version + "):\n    print(i, math.sqrt(i))\n").repeat(12);
                    v.setString(1, project);
                    v.setInt(2, version);
                    v.setString(3, chat);
                    v.setString(4, "Version " + version);
                    v.setString(5, "{\"commentary\":\"step " + version + "\",\"template\":\"code-interpreter-v1\",\"title\":\"Version "
                            + version + "\",\"file_path\":\"script.py\",\"code\":" + FakeModel.quote(code.replace("\n", "\\n")) + "}");
                    v.setObject(6, start.plusSeconds(seq));
                    v.addBatch();
                }
                m.setString(1, chat);
                m.setInt(2, seq);
                m.setString(3, user ? "user" : "assistant");
                m.setString(4, user ? "sent" : "done");
                m.setString(5, user ? "Please change step " + seq + " so that it prints the square roots as well." : "step " + version);
                if (user) {
                    m.setNull(6, java.sql.Types.INTEGER);
                } else {
                    m.setInt(6, version);
                }
                m.setObject(7, start.plusSeconds(seq));
                m.addBatch();
            }
            v.executeBatch();
            m.executeBatch();
        }
        try (PreparedStatement p = db.prepareStatement("UPDATE projects SET version_seq = ?, current_version = ? WHERE id = ?")) {
            p.setInt(1, messages / 2);
            p.setInt(2, messages / 2);
            p.setString(3, project);
            p.executeUpdate();
        }
        db.commit();
        db.setAutoCommit(true);
        return chat;
    }

    // ---- helpers ----

    static String[] signUp(String base) throws Exception {
        String body = "{\"email\":\"bench-" + UUID.randomUUID() + "@example.test\",\"password\":\"bench-" + UUID.randomUUID() + "\"}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/signup"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher t = TOKEN.matcher(r.body());
        Matcher u = USER_ID.matcher(r.body());
        if (!t.find() || !u.find()) {
            throw new IllegalStateException(r.body());
        }
        return new String[]{u.group(1), t.group(1)};
    }

    static String get(String base, String token, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String post(String base, String token, String path, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String created(String body) {
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException(body);
        }
        return m.group(1);
    }

    static int occurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    static void report(String what, double[] measured, double[] baseline) {
        Arrays.sort(measured);
        Arrays.sort(baseline);
        System.out.printf("%s (runs=%d)%n", what, measured.length);
        System.out.printf("  measured  p50 %.2f ms  p95 %.2f ms%n", p(measured, 50), p(measured, 95));
        System.out.printf("  baseline  p50 %.2f ms  p95 %.2f ms%n", p(baseline, 50), p(baseline, 95));
        System.out.printf("  difference p50 %+.2f ms, ratio p50 %.2fx%n", p(measured, 50) - p(baseline, 50),
                p(measured, 50) / p(baseline, 50));
    }

    static double p(double[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    static String load() throws IOException {
        return String.join(" ", Arrays.copyOf(new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).split(" "), 3));
    }
}
