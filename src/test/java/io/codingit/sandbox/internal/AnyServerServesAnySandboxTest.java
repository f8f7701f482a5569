package io.codingit.sandbox.internal;

import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.support.PostgresTestDatabase;
import io.codingit.support.Prerequisites;
import io.codingit.support.TestApi;
import io.codingit.support.TestServers;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's two-server test: two servers sharing PostgreSQL, Redis and the machine's sandbox runtime
 * directory. A sandbox created on A is used through B (and back) for everything that lives in the sandbox's
 * agent: the interpreter's state, files, commands; another user's sandbox id is unknown on either server.
 */
class AnyServerServesAnySandboxTest {
    static String schema;
    static TestServers.Server a;
    static TestServers.Server b;

    @BeforeAll
    static void startTwoServers() throws Exception {
        schema = PostgresTestDatabase.newSchema();
        Path runtimeDir = RegistryServers.sharedRuntimeDir();
        a = TestServers.start(RegistryServers.properties(schema, runtimeDir, Files.createTempDirectory("codingit-a-")));
        SandboxProvider provider = a.context().getBean(SandboxProvider.class);
        Prerequisites.require(provider.status().available(), "sandboxes unavailable on this host: "
                + provider.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
        b = TestServers.start(RegistryServers.properties(schema, runtimeDir, Files.createTempDirectory("codingit-b-")));
    }

    @AfterAll
    static void stop() {
        for (TestServers.Server server : new TestServers.Server[] {a, b}) {
            if (server != null) {
                server.close();
            }
        }
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    private static String create(TestApi api) {
        TestApi.Response r = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1",
                "code", "print(6 * 7)", "file_path", "script.py")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("sbxId").asString();
    }

    private static String cell(TestApi api, String sbxId, String code) {
        TestApi.Response r = api.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", code));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("error").isNull()).as(r.toString()).isTrue();
        return r.body();
    }

    /** Starts a background command; its id. */
    private static String startInBackground(TestApi api, String sbxId, String command) {
        TestApi.Response started = api.post("/api/terminal", Map.of("sbxId", sbxId, "background", true, "command", command));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return started.json().get("id").asString();
    }

    @Test
    void cellsThroughEitherServerShareTheSandboxesInterpreter() {
        String token = TestUsers.signUp(a.api()).accessToken();
        TestApi onA = a.api().as(token);
        TestApi onB = b.api().as(token);
        String sbxId = create(onA);

        cell(onA, sbxId, "x = 40\nimport os; pid = os.getpid()");
        assertThat(cell(onB, sbxId, "print(x + 2)")).as("B sees what A set").contains("42");
        cell(onB, sbxId, "x = 100");
        assertThat(cell(onA, sbxId, "print(f'{x + 1}-{pid == os.getpid()}')")).as("A sees what B set, in one process")
                .contains("101-True");
        assertThat(cell(onB, sbxId, "print(pid == os.getpid())")).contains("True");

        // cells of both servers at once go through one driver, each server getting its own cell's output
        List<Thread> threads = new java.util.ArrayList<>();
        List<String> answers = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (TestApi api : List.of(onA, onB, onA, onB)) {
            threads.add(Thread.ofVirtual().start(() -> answers.add(cell(api, sbxId,
                    "print(f'cell-{x}')"))));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(answers).hasSize(4).allSatisfy(body -> assertThat(body).contains("cell-100"));
        assertThat(onB.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
    }

    @Test
    void backgroundCommandsAreListedReplayedAndKilledThroughEitherServer() throws InterruptedException {
        String token = TestUsers.signUp(a.api()).accessToken();
        TestApi onA = a.api().as(token);
        TestApi onB = b.api().as(token);
        String sbxId = create(onA);

        String cmdId = startInBackground(onA, sbxId, "echo line-1; echo line-2 >&2; sleep 1; echo line-3");
        TestApi.Response listedOnB = onB.get("/api/sandbox/" + sbxId + "/commands");
        assertThat(listedOnB.status()).as(listedOnB.toString()).isEqualTo(200);
        assertThat(listedOnB.json().get("commands").get(0).get("id").asString()).isEqualTo(cmdId);
        assertThat(listedOnB.json().get("commands").get(0).get("command").asString()).startsWith("echo line-1");

        // B replays the output from the start and follows it to the exit
        TestApi.Response replay = onB.get("/api/sandbox/" + sbxId + "/commands/" + cmdId + "/events");
        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        assertThat(replay.body()).contains("line-1").contains("line-2").contains("line-3")
                .contains("event: exit").contains("\"exitCode\":0");
        TestApi.Response listedOnA = onA.get("/api/sandbox/" + sbxId + "/commands");
        assertThat(listedOnA.json().get("commands").get(0).get("running").asBoolean()).isFalse();
        assertThat(listedOnA.json().get("commands").get(0).get("exitCode").asInt()).isZero();

        // started through B, killed through A (with everything it started), seen finished through B
        TestApi.Response sleeper = onB.post("/api/terminal", Map.of("sbxId", sbxId, "background", true, "command", "sleep 600 & sleep 601"));
        assertThat(sleeper.status()).as(sleeper.toString()).isEqualTo(201);
        String sleeperId = sleeper.json().get("id").asString();
        TestApi.Response killed = onA.delete("/api/sandbox/" + sbxId + "/commands/" + sleeperId);
        assertThat(killed.status()).as(killed.toString()).isEqualTo(200);
        assertThat(killed.json().get("running").asBoolean()).isFalse();
        // killed processes leave the process table when they are next scheduled: bounded wait, not an instant check
        String left = "";
        for (Instant deadline = Instant.now().plusSeconds(10); Instant.now().isBefore(deadline); ) {
            left = onA.post("/api/terminal", Map.of("sbxId", sbxId, "command", "ps -eo args= | grep -c '^sleep 60' || true"))
                    .json().get("stdout").asString().trim();
            if (left.equals("0")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(left).as("the command's processes are gone").isEqualTo("0");
        assertThat(onB.get("/api/sandbox/" + sbxId + "/commands/" + sleeperId + "/events").body()).contains("event: exit");
        assertThat(onB.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
    }

    @Test
    void theTerminalOfASandboxCreatedOnAWorksThroughBWithATicketAIssued() throws Exception {
        String token = TestUsers.signUp(a.api()).accessToken();
        String sbxId = create(a.api().as(token));
        TestApi onB = b.api().as(token);
        String ticket = ticket(a.api().as(token), sbxId);
        String url = onB.baseUrl().replaceFirst("^http", "ws") + "/api/terminal/ws?sbxId=" + sbxId + "&ticket=" + ticket;
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        try {
            socket.sendText("{\"type\":\"resize\",\"cols\":101,\"rows\":37}", true).join();
            socket.sendText("{\"type\":\"input\",\"data\":\"cat script.py; stty size; echo via-$((6*7))\\r\"}", true).join();
            StringBuilder output = new StringBuilder();
            Instant deadline = Instant.now().plusSeconds(30);
            while (!output.toString().contains("via-42")) {
                String frame = frames.poll(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
                assertThat(frame).as("terminal output so far: " + output).isNotNull();
                JsonNode json = TestApi.JSON.readTree(frame);
                output.append(json.path("data").asString(""));
            }
            assertThat(output.toString()).contains("print(6 * 7)").contains("37 101");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
        assertThat(handshake(a, sbxId, ticket, null)).as("used once, on B: refused on A").isEqualTo(401);
        assertThat(handshake(b, sbxId, ticket, null)).as("and on B").isEqualTo(401);
        assertThat(a.api().as(token).delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
    }

    @Test
    void aTicketIsRefusedOnEveryServerWhenExpiredReusedOrForAnotherSandboxOrUser() throws Exception {
        String owner = TestUsers.signUp(a.api()).accessToken();
        String other = TestUsers.signUp(b.api()).accessToken();
        String sbxId = create(a.api().as(owner));
        String othersSbxId = create(b.api().as(other));
        try {
            // expired: issued on A, its row's expiry moved into the past, presented to B
            String expired = ticket(a.api().as(owner), sbxId);
            try (Connection db = database(); PreparedStatement expire = db.prepareStatement(
                    "UPDATE terminal_tickets SET expires_at = now() - interval '1 second' WHERE ticket_sha256 = ?")) {
                expire.setString(1, sha256(expired));
                assertThat(expire.executeUpdate()).as("only the ticket's hash is stored").isEqualTo(1);
            }
            assertThat(handshake(b, sbxId, expired, null)).as("expired").isEqualTo(401);

            // for another sandbox: the other user's, and (used up by that try) the owner's own ticket is gone too
            String forSbx = ticket(a.api().as(owner), sbxId);
            assertThat(handshake(b, othersSbxId, forSbx, null)).as("another user's sandbox").isEqualTo(401);
            assertThat(handshake(b, sbxId, forSbx, null)).as("a ticket is used up by a refused try").isEqualTo(401);

            // with another user's session: refused, even for the sandbox it names
            String owners = ticket(a.api().as(owner), sbxId);
            assertThat(handshake(b, sbxId, owners, other)).as("another user's session").isEqualTo(401);

            // a forged ticket, and the raw ticket is stored nowhere
            String good = ticket(a.api().as(owner), sbxId);
            try (Connection db = database(); PreparedStatement stored = db.prepareStatement(
                    "SELECT COUNT(*) FROM terminal_tickets WHERE ticket_sha256 = ? OR ticket_sha256 = ?")) {
                stored.setString(1, good);
                stored.setString(2, sha256(good));
                try (ResultSet rs = stored.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            }
            assertThat(handshake(b, sbxId, good.substring(1) + "x", null)).as("forged").isEqualTo(401);
            assertThat(handshake(b, sbxId, good, null)).as("the real one still works once").isEqualTo(101);
            assertThat(handshake(a, sbxId, good, null)).isEqualTo(401);
        } finally {
            a.api().as(owner).delete("/api/sandbox/" + sbxId);
            b.api().as(other).delete("/api/sandbox/" + othersSbxId);
        }
    }

    private static String ticket(TestApi api, String sbxId) {
        TestApi.Response ticket = api.post("/api/terminal/ticket", Map.of("sbxId", sbxId));
        assertThat(ticket.status()).as(ticket.toString()).isEqualTo(200);
        return ticket.json().get("ticket").asString();
    }

    /** The terminal WebSocket's handshake on {@code server}: 101 when it opened (then closed at once), else the refusal. */
    private static int handshake(TestServers.Server server, String sbxId, String ticket, String bearer) throws Exception {
        String url = server.api().baseUrl().replaceFirst("^http", "ws") + "/api/terminal/ws?sbxId=" + sbxId + "&ticket=" + ticket;
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        try {
            WebSocket socket = builder.buildAsync(URI.create(url), new WebSocket.Listener() { }).get(30, TimeUnit.SECONDS);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static Connection database() throws java.sql.SQLException {
        PostgresTestDatabase.Server db = PostgresTestDatabase.server();
        return DriverManager.getConnection(db.urlForSchema(schema), db.user(), db.password());
    }

    private static String sha256(String value) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aBackgroundCommandsStreamResumesThroughBFromAnEventIdAGave() throws Exception {
        String token = TestUsers.signUp(a.api()).accessToken();
        TestApi onA = a.api().as(token);
        TestApi onB = b.api().as(token);
        String sbxId = create(onA);
        String events = "/api/sandbox/" + sbxId + "/commands/" + startInBackground(onA, sbxId,
                "echo line-1; echo err-1 >&2; while [ ! -e go ]; do sleep 0.05; done; echo line-2; echo err-2 >&2") + "/events";

        // A's stream, read until both first lines came (the command then waits for the file)
        List<String[]> seenOnA = new java.util.ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(onA.baseUrl() + events))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        java.util.concurrent.CompletableFuture<Void> readA = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (java.util.stream.Stream<String> lines = http.send(request, HttpResponse.BodyHandlers.ofLines()).body()) {
                String id = null;
                StringBuilder text = new StringBuilder();
                for (java.util.Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("data: ") && id != null) {
                        String chunk = TestApi.JSON.readTree(line.substring(6)).path("text").asString("");
                        text.append(chunk);
                        seenOnA.add(new String[] {id, chunk});
                        id = null;
                        if (text.toString().contains("line-1") && text.toString().contains("err-1")) {
                            return; // closing the stream hangs up
                        }
                    }
                }
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        readA.get(30, TimeUnit.SECONDS);
        String lastIdFromA = seenOnA.getLast()[0];
        assertThat(Long.parseLong(lastIdFromA)).as("an id is the position after the event's bytes: "
                + "'line-1\\n' and 'err-1\\n' are 13").isEqualTo(13);

        assertThat(onB.post("/api/terminal", Map.of("sbxId", sbxId, "command", "touch go")).status()).isEqualTo(200);
        TestApi.Response resumed = onB.withHeader("Last-Event-ID", lastIdFromA).get(events);
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        assertThat(resumed.body()).as("B resumes after A's last event, without repeating it")
                .doesNotContain("line-1").doesNotContain("err-1").doesNotContain("event: gap")
                .contains("line-2").contains("err-2").contains("event: exit");
        // every id B gives is a position after A's
        assertThat(resumed.body().lines().filter(l -> l.startsWith("id: ")).map(l -> Long.parseLong(l.substring(4))))
                .isNotEmpty().allSatisfy(id -> assertThat(id).isGreaterThan(13L));

        // a position inside what B holds as one chunk (3 bytes before the end of A's first event): B cuts its chunk there
        String[] first = seenOnA.getFirst();
        String lastThree = first[1].substring(first[1].length() - 3);
        TestApi.Response fromMiddle = onB.withHeader("Last-Event-ID", Long.toString(Long.parseLong(first[0]) - 3)).get(events);
        String firstEvent = fromMiddle.body().lines().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow();
        assertThat(TestApi.JSON.readTree(firstEvent.substring(6)).get("text").asString()).isEqualTo(lastThree);
        assertThat(onB.withHeader("Last-Event-ID", "x").get(events).status()).isEqualTo(400);
        assertThat(onA.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
    }

    @Test
    void healthCountsTheLiveSandboxesOfEveryServerFromTheRegistry() {
        String operatorOnA = TestUsers.operatorToken(a.api());
        String operatorOnB = TestUsers.operatorToken(b.api());
        int before = liveInHealth(b, operatorOnB);
        String token = TestUsers.signUp(a.api()).accessToken();
        String sbxId = create(a.api().as(token));
        assertThat(liveInHealth(b, operatorOnB)).as("B counts the sandbox A created").isEqualTo(before + 1);
        assertThat(liveInHealth(a, operatorOnA)).as("both servers report the same").isEqualTo(before + 1);
        assertThat(a.api().as(token).delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        assertThat(liveInHealth(b, operatorOnB)).isEqualTo(before);
    }

    private static int liveInHealth(TestServers.Server server, String operator) {
        JsonNode sandbox = server.api().as(operator).get("/api/health").json().get("components").get("sandbox");
        JsonNode details = sandbox.get("details");
        assertThat(details.get("running").asInt() + details.get("paused").asInt()).isEqualTo(details.get("live").asInt());
        assertThat(details.has("providerLists")).isTrue();
        return details.get("live").asInt();
    }

    @Test
    void thePreviewUrlOfAnAppStartedOnAIsServedByB() throws Exception {
        String token = TestUsers.signUp(a.api()).accessToken();
        TestApi onA = a.api().as(token);
        String app = """
                import os
                from http.server import BaseHTTPRequestHandler, HTTPServer

                class Hello(BaseHTTPRequestHandler):
                    def do_GET(self):
                        body = ("hello at " + self.path).encode()
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)

                HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Hello).serve_forever()
                """;
        TestApi.Response created = onA.post("/api/sandbox", Map.of("fragment", Map.of("template", "python-web-v1", "code", app)));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String host = URI.create(created.json().get("url").asString()).getHost();
        String sbxId = created.json().get("sbxId").asString();

        assertThat(previewGet(b, host, "/through-b")).startsWith("HTTP/1.1 200").endsWith("hello at /through-b");
        assertThat(previewGet(a, host, "/through-a")).startsWith("HTTP/1.1 200").endsWith("hello at /through-a");
        String wrongSecret = host.replaceFirst("-[0-9a-f]{32}\\.", "-" + "0".repeat(32) + ".");
        assertThat(previewGet(b, wrongSecret, "/")).as("a wrong secret finds nothing on B either").startsWith("HTTP/1.1 404");

        assertThat(onA.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        assertThat(previewGet(b, host, "/")).as("the sandbox is gone").startsWith("HTTP/1.1 404");
    }

    /** One HTTP/1.1 request to the server with a preview Host header; the whole answer (connection closed). */
    static String previewGet(TestServers.Server server, String host, String path) throws Exception {
        int port = URI.create(server.api().baseUrl()).getPort();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void anotherUsersSandboxIsUnknownOnEitherServer() {
        String owner = TestUsers.signUp(a.api()).accessToken();
        String other = TestUsers.signUp(b.api()).accessToken();
        String sbxId = create(a.api().as(owner));
        for (TestServers.Server server : List.of(a, b)) {
            TestApi stranger = server.api().as(other);
            assertThat(stranger.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "1")).status()).isEqualTo(404);
            assertThat(stranger.get("/api/sandbox/" + sbxId + "/files").status()).isEqualTo(404);
            assertThat(stranger.get("/api/sandbox/" + sbxId + "/commands").status()).isEqualTo(404);
            assertThat(stranger.post("/api/terminal/ticket", Map.of("sbxId", sbxId)).status()).isEqualTo(404);
        }
        assertThat(a.api().as(owner).delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
    }
}
