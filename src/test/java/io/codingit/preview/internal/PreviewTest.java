package io.codingit.preview.internal;

import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The same server configuration as the terminal tests (one cached context for both). */
@IntegrationTest
@TestPropertySource(properties = {
        "codingit.rate-limit.auth.capacity=1000",
        "codingit.rate-limit.general.capacity=100000",
        "codingit.terminal.heartbeat-interval=300ms"
})
class PreviewTest {
    private static final String APP = """
            import os
            from http.server import BaseHTTPRequestHandler, HTTPServer

            class Hello(BaseHTTPRequestHandler):
                def do_GET(self):
                    body = b"x" * 5_000_000 if self.path == "/big" else ("hello from the sandbox at " + self.path).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Hello).serve_forever()
            """;

    @LocalServerPort
    int port;

    @Autowired
    SandboxProvider provider;

    @BeforeEach
    void requireSandboxes() {
        Assumptions.assumeTrue(provider.status().available(),
                "sandboxes unavailable on this host: " + provider.status().unavailableReason());
    }

    @Test
    void aPythonWebFragmentIsServedAtItsPreviewUrlOnlyWithItsSecretAndOnlyWhileTheSandboxLives() throws IOException {
        TestApi api = new TestApi(port).as(TestUsers.signUp(new TestApi(port)).accessToken());
        TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "python-web-v1",
                "code", APP)));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String sbxId = created.json().get("sbxId").asString();
        URI url = URI.create(created.json().get("url").asString());
        assertThat(url.getHost()).startsWith("8000-" + sbxId + "-").endsWith(".localhost");
        assertThat(url.getPort()).isEqualTo(port);
        assertThat(created.json().get("files").toString()).contains("app.py");

        Reply page = get(url.getHost(), "/some/page?x=1");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("hello from the sandbox at /some/page?x=1");

        assertThat(get(url.getHost(), "/big").body()).as("a large body passes whole").hasSize(5_000_000);

        String secret = url.getHost().substring(url.getHost().lastIndexOf('-') + 1, url.getHost().indexOf('.'));
        String wrongSecret = "0".repeat(secret.length());
        assertThat(get("8000-" + sbxId + "-" + wrongSecret + ".localhost", "/").status()).as("wrong secret").isEqualTo(404);
        assertThat(get("8000-" + sbxId + ".localhost", "/").status()).as("no secret").isEqualTo(404);
        assertThat(get("8001-" + sbxId + "-" + secret + ".localhost", "/").status()).as("another port").isEqualTo(404);
        assertThat(get(url.getHost(), "/api/auth/me").body()).as("the API is not reachable under a preview host")
                .isEqualTo("hello from the sandbox at /api/auth/me");

        assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        assertThat(get(url.getHost(), "/").status()).as("killed sandbox").isEqualTo(404);
    }

    @Test
    void anAppThatNeverServesIsReportedWithItsOwnOutput() {
        TestApi api = new TestApi(port).as(TestUsers.signUp(new TestApi(port)).accessToken());
        TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "python-web-v1",
                "code", "import sys\nprint('cannot serve today', file=sys.stderr)\nsys.exit(1)\n")));
        assertThat(created.status()).isEqualTo(400);
        assertThat(created.json().get("message").asString()).contains("exited before it answered on port 8000",
                "cannot serve today");
        assertThat(api.get("/api/sandbox").json().get("sandboxes")).as("the failed sandbox is killed").isEmpty();
    }

    private record Reply(int status, String body) {
    }

    /** A plain HTTP/1.1 request with the given Host header (as a browser resolving *.localhost would send it). */
    private Reply get(String host, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            if (response.toLowerCase().contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new Reply(status, body);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
