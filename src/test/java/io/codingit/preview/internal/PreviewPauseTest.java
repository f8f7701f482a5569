package io.codingit.preview.internal;

import io.codingit.sandbox.Sandboxes;
import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preview of a paused sandbox (issue 18): its URL keeps working; a request wakes the sandbox up, answers a
 * "waking up" page that reloads itself while the app starts, then the app (with the files as they were) is served.
 * The same server configuration as {@link PreviewTest} (one cached context).
 */
@IntegrationTest
@TestPropertySource(properties = {
        "codingit.rate-limit.auth.capacity=1000",
        "codingit.rate-limit.general.capacity=100000",
        "codingit.terminal.heartbeat-interval=300ms"
})
class PreviewPauseTest extends PreviewTestBase {
    /** Serves page.txt from the home, so that an edit before the pause shows after the wake-up. */
    private static final String APP = """
            import os
            from http.server import BaseHTTPRequestHandler, HTTPServer

            class Page(BaseHTTPRequestHandler):
                def do_GET(self):
                    body = open(os.path.expanduser("~/page.txt"), "rb").read()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            open(os.path.expanduser("~/page.txt"), "a").close()
            HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Page).serve_forever()
            """;

    @Test
    void aPausedSandboxsPreviewWakesItUpWithAWakingPageThenServesTheEditedApp() throws Exception {
        TestApi api = signedUp();
        String[] created = createWebSandbox(api);
        String sbxId = created[0];
        String host = created[1];
        writePage(api, sbxId, "edited before the pause");
        assertThat(get(host, "/").body()).isEqualTo("edited before the pause");

        assertThat(api.post("/api/sandbox/" + sbxId + "/pause", Map.of()).status()).isEqualTo(200);
        String head = PreviewTest.rawHeaders(port, host, "/");
        assertThat(head).startsWith("HTTP/1.1 503").contains("Retry-After: 2").containsIgnoringCase(Sandboxes.RESUMED_HEADER + ": waking");
        PreviewTest.Reply waking = get(host, "/");
        if (waking.status() == 503) {
            assertThat(waking.body()).contains("Waking up", "http-equiv=\"refresh\"");
        }
        assertThat(awaitServed(host)).isEqualTo("edited before the pause");
        assertThat(api.get("/api/sandbox/" + sbxId).json().get("state").asString()).isEqualTo("running");

        String secret = host.substring(host.lastIndexOf('-') + 1, host.indexOf('.'));
        assertThat(api.post("/api/sandbox/" + sbxId + "/pause", Map.of()).status()).isEqualTo(200);
        assertThat(get("8000-" + sbxId + "-" + "0".repeat(secret.length()) + ".localhost", "/").status())
                .as("a wrong secret does not wake it").isEqualTo(404);
        assertThat(api.get("/api/sandbox/" + sbxId).json().get("state").asString()).isEqualTo("paused");

        assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        PreviewTest.Reply afterKill = get(host, "/");
        assertThat(afterKill.status()).as("a killed paused sandbox's preview wakes nothing").isIn(404, 503);
        awaitStatus(host, 404);
    }

    @Test
    void anExplicitResumeStartsTheAppAgainUnderTheSameUrl() throws Exception {
        TestApi api = signedUp();
        String[] created = createWebSandbox(api);
        writePage(api, created[0], "resumed by the API");
        assertThat(api.post("/api/sandbox/" + created[0] + "/pause", Map.of()).status()).isEqualTo(200);
        TestApi.Response resumed = api.post("/api/sandbox/" + created[0] + "/resume", Map.of());
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        assertThat(awaitServed(created[1])).isEqualTo("resumed by the API");
        api.delete("/api/sandbox/" + created[0]);
    }

    @Test
    void aTimeoutPausesTheSandboxAndItsPreviewUrlWakesItUp() throws Exception {
        TestApi api = signedUp();
        String[] created = createWebSandbox(api);
        writePage(api, created[0], "after the timeout");
        assertThat(api.post("/api/sandbox/" + created[0] + "/timeout", Map.of("timeoutMs", 300)).status()).isEqualTo(200);
        Instant deadline = Instant.now().plusSeconds(30);
        while (!"paused".equals(api.get("/api/sandbox/" + created[0]).json().get("state").asString())) {
            assertThat(Instant.now()).as("the reaper pauses it within 30 s").isBefore(deadline);
            Thread.sleep(100);
        }
        assertThat(awaitServed(created[1])).isEqualTo("after the timeout");
        api.delete("/api/sandbox/" + created[0]);
    }

    /** Returns the sandbox id and its preview host. */
    private String[] createWebSandbox(TestApi api) {
        TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "python-web-v1", "code", APP)));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return new String[]{created.json().get("sbxId").asString(), URI.create(created.json().get("url").asString()).getHost()};
    }

    private static void writePage(TestApi api, String sbxId, String text) {
        TestApi.Response r = api.post("/api/sandbox/" + sbxId + "/files/content", Map.of("path", "page.txt", "content", text));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    /** Follows the waking page (bounded, 60 s) until the app answers; returns its body. */
    private String awaitServed(String host) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            PreviewTest.Reply reply = get(host, "/");
            if (reply.status() == 200) {
                return reply.body();
            }
            assertThat(reply.status()).as(reply.body()).isEqualTo(503);
            assertThat(reply.body()).contains("Waking up");
            assertThat(Instant.now()).as("the app answers within 60 s").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private void awaitStatus(String host, int status) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (get(host, "/").status() != status) {
            assertThat(Instant.now()).as("status " + status + " within 30 s").isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
