package io.codingit.preview.internal;

import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The same server configuration as the terminal tests (one cached context for both). */
@IntegrationTest
@TestPropertySource(properties = {
        "codingit.rate-limit.auth.capacity=1000",
        "codingit.rate-limit.general.capacity=100000",
        "codingit.terminal.heartbeat-interval=300ms"
})
class PreviewTest extends PreviewTestBase {
    private static final String APP = """
            import os
            from http.server import BaseHTTPRequestHandler, HTTPServer

            class Hello(BaseHTTPRequestHandler):
                def do_GET(self):
                    body = b"x" * 5_000_000 if self.path == "/big" else ("hello from the sandbox at " + self.path).encode()
                    if self.path == "/via":
                        body = ("via: " + self.headers.get("Via", "")).encode()
                    self.send_response(200)
                    self.send_header("Via", "1.1 upstream-app-host")
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Hello).serve_forever()
            """;

    /** A WebSocket echo with the standard library only: the handshake, then each (small, masked) frame sent back. */
    private static final String ECHO_APP = """
            import base64, hashlib, os, socketserver

            class Echo(socketserver.StreamRequestHandler):
                def handle(self):
                    head = {}
                    request_line = self.rfile.readline()
                    while True:
                        line = self.rfile.readline().decode().strip()
                        if not line:
                            break
                        name, value = line.split(":", 1)
                        head[name.strip().lower()] = value.strip()
                    if head.get("upgrade", "").lower() != "websocket":
                        body = b"plain http at " + request_line.split()[1]
                        self.wfile.write(b"HTTP/1.1 200 OK\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(body) + body)
                        return
                    accept = base64.b64encode(hashlib.sha1((head["sec-websocket-key"]
                            + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
                    self.wfile.write(b"HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\n"
                            b"Connection: Upgrade\\r\\nSec-WebSocket-Accept: " + accept + b"\\r\\n\\r\\n")
                    self.wfile.flush()
                    while True:
                        first = self.rfile.read(2)
                        if len(first) < 2:
                            return
                        length = first[1] & 0x7f
                        mask = self.rfile.read(4)
                        data = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length)))
                        if first[0] & 0x0f == 8:
                            return
                        self.wfile.write(bytes([0x81, len(data) + 5]) + b"echo:" + data)
                        self.wfile.flush()

            class Server(socketserver.ThreadingTCPServer):
                allow_reuse_address = True
                daemon_threads = True

            Server(("127.0.0.1", int(os.environ["PORT"])), Echo).serve_forever()
            """;


    @Test
    void aPythonWebFragmentIsServedAtItsPreviewUrlOnlyWithItsSecretAndOnlyWhileTheSandboxLives() throws Exception {
        TestApi api = signedUp();
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
        // finding 7: neither the app nor the browser learns this machine's host name from Via
        String hostName = java.net.InetAddress.getLocalHost().getHostName();
        assertThat(get(url.getHost(), "/via").body()).isEqualTo("via: " + PreviewProxyServlet.VIA).doesNotContain(hostName);
        assertThat(rawHeaders(port, url.getHost(), "/")).doesNotContainIgnoringCase("via:").doesNotContain(hostName);

        String secret = url.getHost().substring(url.getHost().lastIndexOf('-') + 1, url.getHost().indexOf('.'));
        String wrongSecret = "0".repeat(secret.length());
        assertThat(get("8000-" + sbxId + "-" + wrongSecret + ".localhost", "/").status()).as("wrong secret").isEqualTo(404);
        assertThat(get("8000-" + sbxId + ".localhost", "/").status()).as("no secret").isEqualTo(404);
        assertThat(get("8001-" + sbxId + "-" + secret + ".localhost", "/").status()).as("another port").isEqualTo(404);
        assertThat(get(url.getHost(), "/api/auth/me").body()).as("the API is not reachable under a preview host")
                .isEqualTo("hello from the sandbox at /api/auth/me");

        String before = sandboxProcesses(api, sbxId);
        for (int i = 0; i < 5; i++) {
            assertThat(get(url.getHost(), "/again").status()).isEqualTo(200);
        }
        assertThat(sandboxProcesses(api, sbxId)).as("the agent carries connections: nothing is started in the sandbox for them")
                .isEqualTo(before);

        assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        assertThat(get(url.getHost(), "/").status()).as("killed sandbox").isEqualTo(404);
    }

    @Test
    void aWebSocketUpgradesThroughTheProxyAndCarriesFramesBothWays() throws Exception {
        TestApi api = signedUp();
        TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "python-web-v1",
                "code", ECHO_APP)));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String host = URI.create(created.json().get("url").asString()).getHost();

        try (WebSocketProbe socket = WebSocketProbe.open(port, host, "/hmr?page=1")) {
            assertThat(socket.responseHead()).startsWith("HTTP/1.1 101").containsIgnoringCase("sec-websocket-accept");
            assertThat(socket.exchange("first")).isEqualTo("echo:first");
            assertThat(socket.exchange("second")).isEqualTo("echo:second");
        }
        try (WebSocketProbe refused = WebSocketProbe.open(port, host.replaceFirst("-[0-9a-f]{32}\\.", "-" + "0".repeat(32) + "."),
                "/hmr")) {
            assertThat(refused.responseHead()).as("no upgrade without the secret").startsWith("HTTP/1.1 404");
        }
        String sbxId = created.json().get("sbxId").asString();
        try (WebSocketProbe socket = WebSocketProbe.open(port, host, "/hmr")) {
            assertThat(socket.exchange("before the kill")).isEqualTo("echo:before the kill");
            assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
            assertThat(socket.awaitClose()).as("the upgraded connection closes with the sandbox: 1001 going away").isEqualTo(1001);
        }
    }

    /**
     * The sandbox's processes (pid and command line) but the {@code ps} that lists them, its shell, and the
     * agent's shim started ahead of the next command (each command is handed one and has the next prepared).
     */
    static String sandboxProcesses(TestApi api, String sbxId) {
        TestApi.Response r = api.post("/api/terminal", Map.of("sbxId", sbxId, "command",
                "ps -eo pid=,args= | grep -v -e 'ps -eo' -e 'bash -lc' -e 'codingit-agent __ready'"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        // the next command's shim, started while this listing runs, shows the agent's own command line until it
        // has exec'd itself as "codingit-agent __ready": a second line with the agent's command is that shim
        boolean agentListed = false;
        StringBuilder listing = new StringBuilder();
        for (String line : r.json().get("stdout").asString().lines().toList()) {
            boolean agent = line.strip().replaceFirst("^\\d+\\s+", "").startsWith("/run/codingit-agent --listen ");
            if (!(agent && agentListed)) {
                listing.append(line).append('\n');
            }
            agentListed |= agent;
        }
        return listing.toString();
    }

    @Test
    void anAppThatNeverServesIsReportedWithItsOwnOutput() {
        TestApi api = signedUp();
        TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "python-web-v1",
                "code", "import sys\nprint('cannot serve today', file=sys.stderr)\nsys.exit(1)\n")));
        assertThat(created.status()).isEqualTo(400);
        assertThat(created.json().get("message").asString()).contains("exited before it answered on port 8000",
                "cannot serve today");
        assertThat(api.get("/api/sandbox").json().get("sandboxes")).as("the failed sandbox is killed").isEmpty();
    }

    @Test
    void anAppThatPrintsALotAndExitsAtOnceIsReportedWithTheEndOfItsOutput() {
        // the app is seen dead while its last output is still crossing the pipes: the error must wait for it
        TestApi api = signedUp();
        TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "python-web-v1",
                "code", "import sys\nsys.stdout.write('starting up\\n' * 50000)\nsys.stdout.flush()\n"
                        + "print('port 8000 is mine no more')\nsys.exit(3)\n")));
        assertThat(created.status()).isEqualTo(400);
        assertThat(created.json().get("message").asString()).contains("exited before it answered on port 8000",
                "port 8000 is mine no more");
    }

    record Reply(int status, String body) {
    }

    /** The response head of a plain request, as the browser receives it. */
    static String rawHeaders(int port, String host, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(120_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return response.substring(0, response.indexOf("\r\n\r\n"));
        }
    }

    /** A plain HTTP/1.1 request with the given Host header (as a browser resolving *.localhost would send it). */
    static Reply fetch(int port, String host, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n")
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
