package io.codingit.sandbox.internal;

import io.codingit.sandbox.local.LocalSandboxProvider;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.support.PostgresTestDatabase;
import io.codingit.support.Prerequisites;
import io.codingit.support.TestApi;
import io.codingit.support.TestServers;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server stopped gracefully and started again on the same database and data directory keeps its users'
 * sandboxes: the sandbox is started detached, so it outlives the server process, and the start-up
 * reconciliation adopts it (its agent answers with the registry's secret). Its files, its interpreter's
 * process and a background command are still there; a sandbox whose agent died answers as gone (410 with the
 * reason, the registry updated) on every route, never 500.
 */
class SandboxRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    static String schema;
    static Path runtimeDir;

    @BeforeAll
    static void database() {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is not installed",
                Prerequisites.SANDBOX_PACKAGES);
        schema = PostgresTestDatabase.newSchema();
        runtimeDir = RegistryServers.sharedRuntimeDir();
    }

    @AfterAll
    static void dropSchema() {
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    static Map<String, String> keeping(Path dataDir) {
        Map<String, String> props = RegistryServers.properties(schema, runtimeDir, dataDir);
        props.put("codingit.sandbox.registry.keep-on-shutdown", "true");
        return props;
    }

    @Test
    void aGracefulRestartKeepsTheSandboxItsFilesItsInterpreterAndItsBackgroundCommand() throws Exception {
        Path dataDir = Files.createTempDirectory("codingit-restart-");
        String token;
        String sbxId;
        String driverPid;
        String backgroundId;
        try (TestServers.Server first = TestServers.start(keeping(dataDir))) {
            SandboxProvider provider = first.context().getBean(SandboxProvider.class);
            Prerequisites.require(provider.status().available(), "sandboxes unavailable on this host: "
                    + provider.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
            token = TestUsers.signUp(first.api()).accessToken();
            TestApi api = first.api().as(token);
            TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1",
                    "code", "x = 41\nprint(x + 1)", "file_path", "script.py")));
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            assertThat(created.json().get("stdout").toString()).contains("42");
            sbxId = created.json().get("sbxId").asString();
            TestApi.Response background = api.post("/api/terminal", Map.of("sbxId", sbxId, "background", true,
                    "command", "while true; do echo tick >> ticks.txt; sleep 0.05; done"));
            assertThat(background.status()).as(background.toString()).isEqualTo(201);
            backgroundId = background.json().get("id").asString();
            driverPid = interpreterDriverPid(api, sbxId);
            assertThat(driverPid).as("the interpreter's driver runs in the sandbox").isNotEmpty();
            assertThat(egressProxyAnswer(api, sbxId)).startsWith("HTTP/1.1 403");
        }
        assertThat(RegistryServers.state(schema, sbxId)).first().as("a stopped server leaves the row").isEqualTo("running");

        // started again on the same database and data directory (its last run: kill the sandboxes on shutdown)
        Map<String, String> last = RegistryServers.properties(schema, runtimeDir, dataDir);
        try (TestServers.Server again = TestServers.start(last)) {
            TestApi api = again.api().as(token);
            assertThat(RegistryServers.state(schema, sbxId)).first().isEqualTo("running");
            LocalSandboxProvider local = (LocalSandboxProvider) again.context().getBean(SandboxProvider.class);
            assertThat(local.find(sbxId)).as("adopted at start-up as this server's own").isPresent();

            TestApi.Response status = api.get("/api/sandbox/" + sbxId);
            assertThat(status.status()).as(status.toString()).isEqualTo(200);
            assertThat(status.json().get("state").asString()).isEqualTo("running");
            TestApi.Response script = api.get("/api/sandbox/" + sbxId + "/files/content?path=script.py");
            assertThat(script.status()).as(script.toString()).isEqualTo(200);
            assertThat(script.body()).contains("x = 41");
            assertThat(interpreterDriverPid(api, sbxId)).as("the interpreter's process outlived the server")
                    .isEqualTo(driverPid);
            awaitMoreTicks(api, sbxId);
            // the interpreter's state: the restarted server joins the same interpreter, not a new one
            TestApi.Response cell = api.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "x + 1"));
            assertThat(cell.status()).as(cell.toString()).isEqualTo(200);
            assertThat(cell.json().get("error").isNull()).as(cell.toString()).isTrue();
            assertThat(cell.json().get("results").get(0).get("text").asString()).isEqualTo("42");
            // the background command is still listed, and its output can be taken up again
            TestApi.Response commands = api.get("/api/sandbox/" + sbxId + "/commands");
            assertThat(commands.status()).as(commands.toString()).isEqualTo(200);
            assertThat(commands.json().get("commands").get(0).get("id").asString()).isEqualTo(backgroundId);
            assertThat(commands.json().get("commands").get(0).get("running").asBoolean()).isTrue();
            assertThat(egressProxyAnswer(api, sbxId)).as("the registry egress proxy, which the server serves, answers again")
                    .startsWith("HTTP/1.1 403");

            assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
            awaitNoLeftovers(local, sbxId);
        }
    }

    @Test
    void aRunningPreviewIsServedByItsUrlAfterAGracefulRestart() throws Exception {
        Path dataDir = Files.createTempDirectory("codingit-restart-preview-");
        String token;
        String sbxId;
        String host;
        try (TestServers.Server first = TestServers.start(keeping(dataDir))) {
            PagePreview preview = pagePreview(first);
            token = preview.token();
            sbxId = preview.sbxId();
            host = preview.host();
            writePage(first.api().as(token), sbxId, "still here");
            assertThat(body(AnyServerServesAnySandboxTest.previewGet(first, host, "/"))).isEqualTo("still here");
        }
        try (TestServers.Server again = TestServers.start(RegistryServers.properties(schema, runtimeDir, dataDir))) {
            String answer = AnyServerServesAnySandboxTest.previewGet(again, host, "/");
            assertThat(answer).as("the shared preview URL works after the restart").startsWith("HTTP/1.1 200");
            assertThat(body(answer)).isEqualTo("still here");
            assertThat(again.api().as(token).delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        }
    }

    /** Serves page.txt from the home, so that an edit before a pause or a restart shows after it. */
    static final String PAGE_APP = """
            import os
            from http.server import BaseHTTPRequestHandler, HTTPServer

            class Page(BaseHTTPRequestHandler):
                def do_GET(self):
                    body = open(os.path.expanduser("~/page.txt"), "rb").read()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            open(os.path.expanduser("~/page.txt"), "a").close()
            HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Page).serve_forever()
            """;

    /** A signed-up user's sandbox running {@link #PAGE_APP} as its preview, on {@code server}. */
    private static PagePreview pagePreview(TestServers.Server server) {
        SandboxProvider provider = server.context().getBean(SandboxProvider.class);
        Prerequisites.require(provider.status().available(), "sandboxes unavailable on this host: "
                + provider.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
        String token = TestUsers.signUp(server.api()).accessToken();
        TestApi.Response created = server.api().as(token).post("/api/sandbox",
                Map.of("fragment", Map.of("template", "python-web-v1", "code", PAGE_APP)));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return new PagePreview(token, created.json().get("sbxId").asString(),
                java.net.URI.create(created.json().get("url").asString()).getHost());
    }

    private record PagePreview(String token, String sbxId, String host) {
    }

    @Test
    void aPausedSandboxsPreviewUrlWakesItAfterARestartAndServesTheEditedFile() throws Exception {
        Path dataDir = Files.createTempDirectory("codingit-restart-paused-preview-");
        String edited = "edited before the pause: \u00e9t\u00e9 \u2603\nline two\n\ttabbed \"quoted\" <tag>\n";
        String token;
        String sbxId;
        String host;
        try (TestServers.Server first = TestServers.start(keeping(dataDir))) {
            PagePreview preview = pagePreview(first);
            token = preview.token();
            sbxId = preview.sbxId();
            host = preview.host();
            TestApi api = first.api().as(token);
            writePage(api, sbxId, "first version");
            assertThat(body(AnyServerServesAnySandboxTest.previewGet(first, host, "/"))).isEqualTo("first version");
            writePage(api, sbxId, edited);
            TestApi.Response paused = api.post("/api/sandbox/" + sbxId + "/pause", Map.of());
            assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
        }
        assertThat(RegistryServers.state(schema, sbxId)).first().isEqualTo("paused");

        try (TestServers.Server again = TestServers.start(RegistryServers.properties(schema, runtimeDir, dataDir))) {
            TestApi api = again.api().as(token);
            String label = host.substring(0, host.indexOf('.'));
            String secret = label.substring(label.lastIndexOf('-') + 1);
            String wrongHost = label.substring(0, label.lastIndexOf('-') + 1) + "0".repeat(secret.length())
                    + host.substring(host.indexOf('.'));
            assertThat(AnyServerServesAnySandboxTest.previewGet(again, wrongHost, "/")).as("a wrong secret wakes nothing")
                    .startsWith("HTTP/1.1 404");
            assertThat(RegistryServers.state(schema, sbxId)).first().isEqualTo("paused");

            String waking = AnyServerServesAnySandboxTest.previewGet(again, host, "/");
            assertThat(waking).as("the first request wakes it").startsWith("HTTP/1.1 503").contains("Retry-After: 2")
                    .containsIgnoringCase("X-Sandbox-Resumed: waking").contains("Waking up");
            Instant deadline = Instant.now().plusSeconds(60);
            String reply = waking;
            while (!reply.startsWith("HTTP/1.1 200")) {
                assertThat(reply).as("waking, until the app answers").startsWith("HTTP/1.1 503").contains("Waking up");
                assertThat(Instant.now()).as("the app answers within 60 s").isBefore(deadline);
                Thread.sleep(200);
                reply = AnyServerServesAnySandboxTest.previewGet(again, host, "/");
            }
            assertThat(body(reply).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .as("the app serves the edited file byte for byte").isEqualTo(edited.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(RegistryServers.state(schema, sbxId)).first().isEqualTo("running");
            TestApi.Response file = api.get("/api/sandbox/" + sbxId + "/files/content?path=page.txt");
            assertThat(file.status()).as(file.toString()).isEqualTo(200);
            assertThat(file.json().get("content").asString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(edited.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        }
    }

    @Test
    void aSandboxPausedBeforeARestartAndResumedThroughTheApiServesItsPreviewUrlAgain() throws Exception {
        Path dataDir = Files.createTempDirectory("codingit-restart-resumed-preview-");
        String token;
        String sbxId;
        String host;
        try (TestServers.Server first = TestServers.start(keeping(dataDir))) {
            PagePreview preview = pagePreview(first);
            token = preview.token();
            sbxId = preview.sbxId();
            host = preview.host();
            TestApi api = first.api().as(token);
            writePage(api, sbxId, "resumed through the API after a restart");
            assertThat(api.post("/api/sandbox/" + sbxId + "/pause", Map.of()).status()).isEqualTo(200);
        }
        try (TestServers.Server again = TestServers.start(RegistryServers.properties(schema, runtimeDir, dataDir))) {
            // this server never held the preview's secret: the app starts tagged with the hash the registry kept
            TestApi.Response resumed = again.api().as(token).post("/api/sandbox/" + sbxId + "/resume", Map.of());
            assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
            Instant deadline = Instant.now().plusSeconds(60);
            String reply = AnyServerServesAnySandboxTest.previewGet(again, host, "/");
            while (!reply.startsWith("HTTP/1.1 200")) {
                assertThat(Instant.now()).as("the app answers at its old URL within 60 s: " + reply).isBefore(deadline);
                Thread.sleep(200);
                reply = AnyServerServesAnySandboxTest.previewGet(again, host, "/");
            }
            assertThat(body(reply)).isEqualTo("resumed through the API after a restart");
            assertThat(again.api().as(token).delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        }
    }

    @Test
    void aNextJsPreviewPausedBeforeARestartResumesWithItsHomeByteForByteAndServesTheEditedPage() throws Exception {
        Path dataDir = Files.createTempDirectory("codingit-restart-nextjs-");
        Map<String, String> props = keeping(dataDir);
        props.put("codingit.templates.cache-dir", io.codingit.support.TempDataDirInitializer.SHARED_TEMPLATE_CACHE);
        props.put("codingit.preview.start-timeout", "180s");
        props.put("codingit.rate-limit.general.capacity", "100000");
        String token;
        String sbxId;
        String host;
        String manifest;
        try (TestServers.Server first = TestServers.start(props)) {
            SandboxProvider provider = first.context().getBean(SandboxProvider.class);
            Prerequisites.require(provider.status().available(), "sandboxes unavailable on this host: "
                    + provider.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
            token = TestUsers.signUp(first.api()).accessToken();
            TestApi api = first.api().as(token);
            TestApi.Response created = io.codingit.support.TemplatePreparation.createWhenPrepared(api, "nextjs-developer",
                    nextPage("codingit-first-version"));
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            sbxId = created.json().get("sbxId").asString();
            host = java.net.URI.create(created.json().get("url").asString()).getHost();
            awaitPage(first, host, "codingit-first-version");
            TestApi.Response edited = api.post("/api/sandbox/" + sbxId + "/files/content",
                    Map.of("path", "pages/index.tsx", "content", nextPage("codingit-edited-before-the-pause")));
            assertThat(edited.status()).as(edited.toString()).isIn(200, 201);
            TestApi.Response made = api.post("/api/terminal", Map.of("sbxId", sbxId, "command",
                    "head -c 200000 /dev/urandom > data.bin && mkdir -p notes/empty && ln -s data.bin link && chmod 0640 data.bin"));
            assertThat(made.json().get("exitCode").asInt()).as(made.toString()).isZero();
            // the dev server has compiled the edit (what it writes for that is there before the digest)
            awaitPage(first, host, "codingit-edited-before-the-pause");
            manifest = homeDigest(api, sbxId);
            TestApi.Response paused = api.post("/api/sandbox/" + sbxId + "/pause", Map.of());
            assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
        }
        assertThat(RegistryServers.state(schema, sbxId)).first().isEqualTo("paused");

        try (TestServers.Server again = TestServers.start(props)) {
            TestApi api = again.api().as(token);
            TestApi.Response resumed = api.post("/api/sandbox/" + sbxId + "/resume", Map.of());
            assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
            assertThat(homeDigest(api, sbxId)).as("the whole home (but what the app's start writes) byte for byte")
                    .isEqualTo(manifest);
            awaitPage(again, host, "codingit-edited-before-the-pause");
            assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        }
    }

    private static String nextPage(String text) {
        return "export default function Home() {\n  return <main><h1>" + text + "</h1></main>;\n}\n";
    }

    /**
     * The line count and SHA-256 of {@link SandboxPauseTest#MANIFEST} (every entry's type, mode, size, link target and
     * owner, every file's SHA-256) over the whole home, node_modules included, but what the app's start writes while
     * the resume's digest is taken: {@code .next} (the dev server's build output) and {@code .npm/_logs} (npm adds a
     * debug log at every {@code npm run dev}).
     */
    private static String homeDigest(TestApi api, String sbxId) {
        TestApi.Response r = api.post("/api/terminal", Map.of("sbxId", sbxId, "command", "{ " + SandboxPauseTest.MANIFEST
                + "; } | grep -v -e '^[.]/[.]next' -e '  [.]/[.]next' -e '^[.]/[.]npm/_logs' -e '  [.]/[.]npm/_logs' > /tmp/manifest && wc -l < /tmp/manifest "
                + "&& sha256sum < /tmp/manifest && grep -c node_modules /tmp/manifest && grep -v node_modules /tmp/manifest | grep -F '|'"));
        assertThat(r.json().get("exitCode").asInt()).as(r.toString()).isZero();
        return r.json().get("stdout").asString();
    }

    /** Polls the preview URL (through {@code server}) until it serves a page containing {@code text} (bounded, 180 s). */
    private static void awaitPage(TestServers.Server server, String host, String text) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(180);
        String reply = "";
        while (!(reply.startsWith("HTTP/1.1 200") && reply.contains(text))) {
            assertThat(Instant.now()).as("the preview serves " + text + " within 180 s; last answer: " + reply).isBefore(deadline);
            Thread.sleep(500);
            try {
                reply = AnyServerServesAnySandboxTest.previewGet(server, host, "/");
            } catch (Exception e) {
                reply = e.toString(); // a dev server's first compile may outlast one read
            }
        }
    }

    private static void writePage(TestApi api, String sbxId, String text) {
        TestApi.Response r = api.post("/api/sandbox/" + sbxId + "/files/content", Map.of("path", "page.txt", "content", text));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    /** The body of a raw HTTP/1.1 answer read to its end. */
    private static String body(String rawReply) {
        return rawReply.substring(rawReply.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void aPausedRowWhoseSandboxCannotBeKeptKeepsItsRowAndItsHome() throws Exception {
        Path dataDir = Files.createTempDirectory("codingit-paused-");
        String sbxId;
        try (TestServers.Server first = TestServers.start(keeping(dataDir))) {
            SandboxProvider provider = first.context().getBean(SandboxProvider.class);
            Prerequisites.require(provider.status().available(), "sandboxes unavailable on this host: "
                    + provider.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
            TestApi api = first.api().as(TestUsers.signUp(first.api()).accessToken());
            TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1",
                    "code", "print(1)", "file_path", "kept.py")));
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            sbxId = created.json().get("sbxId").asString();
        }
        // as pause (issue 18) will leave it: the row paused; then its processes end while no server runs
        RegistryServers.setState(schema, sbxId, "paused");
        RegistryServers.killEveryProcessOf(sbxId);
        Path home = RegistryServers.sandboxDirectory(runtimeDir, sbxId).resolve("home");

        try (TestServers.Server again = TestServers.start(RegistryServers.properties(schema, runtimeDir, dataDir))) {
            assertThat(RegistryServers.state(schema, sbxId)).first().as("onUnrecoverable leaves a paused row").isEqualTo("paused");
            assertThat(home.resolve("kept.py")).as("and its home, for resume").exists();

            // once its row ends, reconciliation removes what is left
            RegistryServers.setState(schema, sbxId, "killed");
            again.context().getBean(SandboxReaper.class).reconcile();
            awaitNoLeftovers((LocalSandboxProvider) again.context().getBean(SandboxProvider.class), sbxId);
        }
    }

    @Test
    void aSandboxThatDiedWhileNoServerRanIsPausedAtTheNextStartEvenOverItsOwnersQuotaNeverDeleted() throws Exception {
        Path dataDir = Files.createTempDirectory("codingit-restart-over-quota-");
        Map<String, String> quota = keeping(dataDir);
        quota.put("codingit.sandbox.pause.quota-per-user", "16KB");
        String big = "0123456789abcdef\n".repeat(4096); // 68 KiB, over the 16 KB quota whatever tar adds
        String token;
        String died;
        String other;
        try (TestServers.Server first = TestServers.start(quota)) {
            SandboxProvider provider = first.context().getBean(SandboxProvider.class);
            Prerequisites.require(provider.status().available(), "sandboxes unavailable on this host: "
                    + provider.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
            token = TestUsers.signUp(first.api()).accessToken();
            TestApi api = first.api().as(token);
            died = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1",
                    "code", "print(1)", "file_path", "kept.py"))).json().get("sbxId").asString();
            TestApi.Response write = api.post("/api/sandbox/" + died + "/files/content", Map.of("path", "big.txt", "content", big));
            assertThat(write.status()).as(write.toString()).isEqualTo(200);
            TestApi.Response refused = api.post("/api/sandbox/" + died + "/pause", Map.of());
            assertThat(refused.status()).as("its owner cannot pause it over the quota: " + refused).isEqualTo(409);
            other = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1",
                    "code", "print(2)", "file_path", "other.py"))).json().get("sbxId").asString();
        }
        // it dies while no server runs (a reboot, the OOM killer): the next start cannot adopt it
        RegistryServers.killEveryProcessOf(died);

        try (TestServers.Server again = TestServers.start(quota)) {
            TestApi api = again.api().as(token);
            List<String> row = RegistryServers.state(schema, died);
            assertThat(row.getFirst()).as("a restart pauses it over the quota, never deletes it: " + row).isEqualTo("paused");
            TestApi.Response status = api.get("/api/sandbox/" + died);
            assertThat(status.status()).as(status.toString()).isEqualTo(200);
            assertThat(status.json().get("state").asString()).isEqualTo("paused");
            assertThat(status.json().get("diskBytes").asLong()).isGreaterThan(16 * 1024);
            assertThat(status.json().get("pauseReason").asString()).as("the owner sees why, and that it is over the quota")
                    .contains("server start-up").contains("quota-per-user").contains("new pauses are refused");

            // while over the quota the owner's next pause is refused, with the usage in the message
            TestApi.Response next = api.post("/api/sandbox/" + other + "/pause", Map.of());
            assertThat(next.status()).as(next.toString()).isEqualTo(409);
            assertThat(next.json().get("code").asString()).isEqualTo("pause_quota");

            // and it resumes with its files, at its first use
            TestApi.Response file = api.get("/api/sandbox/" + died + "/files/content?path=big.txt");
            assertThat(file.status()).as(file.toString()).isEqualTo(200);
            assertThat(file.header("X-Sandbox-Resumed")).isEqualTo("true");
            assertThat(file.json().get("content").asString()).isEqualTo(big);
            assertThat(api.get("/api/sandbox/" + died).json().get("pauseReason").isNull()).as("a resume clears it").isTrue();
            assertThat(api.delete("/api/sandbox/" + died).status()).isEqualTo(200);
            assertThat(api.delete("/api/sandbox/" + other).status()).isEqualTo(200);
        }
    }

    @Test
    void aSandboxWhoseAgentDiedAnswersGoneOnEveryRouteNever500() throws Exception {
        try (TestServers.Server server = TestServers.start(RegistryServers.properties(schema, runtimeDir,
                Files.createTempDirectory("codingit-agent-died-")))) {
            SandboxProvider provider = server.context().getBean(SandboxProvider.class);
            Prerequisites.require(provider.status().available(), "sandboxes unavailable on this host: "
                    + provider.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
            TestApi api = server.api().as(TestUsers.signUp(server.api()).accessToken());
            TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1",
                    "code", "print(1)", "file_path", "script.py")));
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            String sbxId = created.json().get("sbxId").asString();

            // sandbox code can kill its own agent (same uid): the call it came through then fails, as gone
            TestApi.Response killer = api.post("/api/terminal", Map.of("sbxId", sbxId,
                    "command", "kill -9 $(pgrep -x codingit-agent)"));
            assertThat(killer.status()).as(killer.toString()).isIn(200, 410);
            List<TestApi.Response> answers = List.of(
                    api.post("/api/terminal", Map.of("sbxId", sbxId, "command", "id")),
                    api.get("/api/sandbox/" + sbxId + "/files"),
                    api.get("/api/sandbox/" + sbxId + "/files/content?path=script.py"),
                    api.post("/api/sandbox/" + sbxId + "/files/content", Map.of("path", "a.txt", "content", "a")),
                    api.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "1 + 1")),
                    api.get("/api/sandbox/" + sbxId + "/commands"),
                    api.post("/api/sandbox/" + sbxId + "/timeout", Map.of("seconds", 60)),
                    api.get("/api/sandbox/" + sbxId));
            for (TestApi.Response answer : answers) {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(410);
                assertThat(answer.json().get("message").asString()).contains(sbxId).contains("is gone");
            }
            List<String> row = RegistryServers.state(schema, sbxId);
            assertThat(row.getFirst()).isEqualTo("killed");
            // whoever noticed first: the request whose agent call failed, or the reaper seeing the processes gone
            assertThat(row.getLast()).as("the reason recorded is what happened")
                    .containsAnyOf("its agent stopped answering", "its processes stopped");
            assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(410);
            awaitNoLeftovers((LocalSandboxProvider) provider, sbxId);
        }
    }

    @Test
    void aFragmentThatFailsEndsItsSandboxWithThatReasonNotAsKilledByItsOwner() throws Exception {
        try (TestServers.Server server = TestServers.start(RegistryServers.properties(schema, runtimeDir,
                Files.createTempDirectory("codingit-failed-fragment-")))) {
            SandboxProvider provider = server.context().getBean(SandboxProvider.class);
            Prerequisites.require(provider.status().available(), "sandboxes unavailable on this host: "
                    + provider.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
            TestApi api = server.api().as(TestUsers.signUp(server.api()).accessToken());
            TestApi.Response failed = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1",
                    "code", "print(1)", "has_additional_dependencies", true,
                    "install_dependencies_command", "echo no such package >&2; exit 3")));
            assertThat(failed.status()).as(failed.toString()).isEqualTo(400);
            String sbxId = onlyRowOf(server);
            List<String> row = RegistryServers.state(schema, sbxId);
            assertThat(row.getFirst()).isEqualTo("killed");
            assertThat(row.getLast()).startsWith("the fragment it was created for failed").doesNotContain("owner");
            TestApi.Response later = api.get("/api/sandbox/" + sbxId);
            assertThat(later.status()).as(later.toString()).isEqualTo(410);
            assertThat(later.json().get("message").asString()).contains("the fragment it was created for failed");
        }
    }

    /** The newest user sandbox's row (not the dependency builder's, which belongs to nobody). */
    private static String onlyRowOf(TestServers.Server server) {
        return server.context().getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("SELECT id FROM sandboxes WHERE owner_id NOT LIKE 'codingit:%' ORDER BY created_at DESC LIMIT 1")
                .query(String.class).single();
    }

    /** The pid (inside the sandbox) of the interpreter's driver, from {@code ps}. */
    static String interpreterDriverPid(TestApi api, String sbxId) {
        TestApi.Response ps = api.post("/api/terminal", Map.of("sbxId", sbxId,
                "command", "ps -eo pid=,args= | grep '[c]odingit_driver' | awk '{print $1}' | head -n 1"));
        assertThat(ps.status()).as(ps.toString()).isEqualTo(200);
        return ps.json().get("stdout").asString().strip();
    }

    /**
     * What the sandbox's registry egress proxy (127.0.0.1:3128 inside, the server's socket outside) answers to a
     * CONNECT for a host it does not allow: a 403 with the reason when the server serves the socket.
     */
    static String egressProxyAnswer(TestApi api, String sbxId) {
        TestApi.Response r = api.post("/api/terminal", Map.of("sbxId", sbxId, "command", "python3 -c \"import socket; "
                + "s = socket.create_connection(('127.0.0.1', 3128), timeout=10); "
                + "s.sendall(b'CONNECT not-allowed.invalid:443 HTTP/1.1\\r\\nHost: not-allowed.invalid:443\\r\\n\\r\\n'); "
                + "print(s.recv(64).decode(errors='replace'))\""));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("stdout").asString().strip() + r.json().get("stderr").asString().strip();
    }

    /** The background command still runs: its file keeps growing (bounded wait). */
    static void awaitMoreTicks(TestApi api, String sbxId) throws InterruptedException {
        String before = ticks(api, sbxId);
        Instant deadline = Instant.now().plus(WAIT);
        String now = before;
        while (now.equals(before) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            now = ticks(api, sbxId);
        }
        assertThat(now).as("the background command kept running across the restart").isNotEqualTo(before);
    }

    private static String ticks(TestApi api, String sbxId) {
        TestApi.Response r = api.post("/api/terminal", Map.of("sbxId", sbxId, "command", "wc -l < ticks.txt"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("stdout").asString().strip();
    }

    static void awaitNoLeftovers(LocalSandboxProvider provider, String sbxId) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!provider.leftovers(sbxId).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(provider.leftovers(sbxId)).isEmpty();
    }
}
