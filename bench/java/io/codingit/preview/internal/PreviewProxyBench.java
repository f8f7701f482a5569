package io.codingit.preview.internal;

import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Not a test (no assertions, not matched by surefire's includes): bench/preview/README.md. A small
 * file (1 KB) from a python-web-v1 app, over one kept-alive connection each: through the server's preview
 * proxy, and directly from the app's relay on the loopback (the proxy skipped), in the same run,
 * alternating. Run with {@code ./mvnw test -Dtest=PreviewProxyBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "codingit.rate-limit.auth.capacity=1000",
        "codingit.rate-limit.general.capacity=100000",
        "codingit.terminal.heartbeat-interval=300ms",
        "codingit.preview.start-timeout=180s"
})
class PreviewProxyBench {
    private static final int WARMUP = 200;
    private static final int RUNS = 1000;
    private static final String APP = """
            import os
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

            BODY = b"x" * 1024

            class Static(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def do_GET(self):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(BODY)))
                    self.end_headers()
                    self.wfile.write(BODY)
                def log_message(self, *args):
                    pass

            ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Static).serve_forever()
            """;

    @LocalServerPort
    int port;

    @Autowired
    PreviewRegistry registry;

    @Test
    void proxiedVersusDirect() throws Exception {
        TestApi api = new TestApi(port).as(TestUsers.signUp(new TestApi(port)).accessToken());
        TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "python-web-v1", "code", APP)));
        URI url = URI.create(created.json().get("url").asString());
        PreviewHost host = PreviewHost.parse(url.getHost(), "localhost").orElseThrow();
        int relayPort = registry.find(host.sandboxId(), host.port(), host.secret()).orElseThrow().relay().hostPort();
        List<Long> proxied = new ArrayList<>();
        List<Long> direct = new ArrayList<>();
        try (KeepAlive viaProxy = new KeepAlive(port, url.getHost() + ":" + port);
             KeepAlive toRelay = new KeepAlive(relayPort, "127.0.0.1:8000")) {
            for (int i = 0; i < WARMUP + RUNS; i++) {
                long p = viaProxy.get("/file.txt");
                long d = toRelay.get("/file.txt");
                if (i >= WARMUP) {
                    proxied.add(p);
                    direct.add(d);
                }
            }
        }
        List<Long> fresh = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            try (KeepAlive once = new KeepAlive(relayPort, "127.0.0.1:8000")) {
                long start = System.nanoTime();
                once.get("/file.txt");
                fresh.add(System.nanoTime() - start);
            }
        }
        System.out.println("PREVIEW-BENCH runs=" + RUNS + " body=1024B");
        print("relay, new connection each (50 runs)", fresh);
        print("proxied", proxied);
        print("direct ", direct);
        api.delete("/api/sandbox/" + created.json().get("sbxId").asString());
    }

    /**
     * From {@code POST /api/sandbox} with a Next.js fragment to its page served through the proxy, on a
     * prepared template (the preparation itself, once per server, is waited for first and not counted).
     */
    @Test
    void nextjsTimeToServing() throws Exception {
        TestApi api = new TestApi(port).as(TestUsers.signUp(new TestApi(port)).accessToken());
        Map<String, Object> body = Map.of("fragment", Map.of("template", "nextjs-developer", "code",
                "export default function Home() {\n  return <main><h1>bench-page</h1></main>;\n}\n"));
        long prepareStart = System.nanoTime();
        TestApi.Response created = api.post("/api/sandbox", body);
        while (created.status() == 503 && created.json().get("message").asString().contains("being prepared")) {
            Thread.sleep(1000);
            created = api.post("/api/sandbox", body);
        }
        System.out.printf("PREVIEW-BENCH nextjs preparation (0 when cached) + first create: %.1f s%n",
                (System.nanoTime() - prepareStart) / 1e9);
        api.delete("/api/sandbox/" + created.json().get("sbxId").asString());
        List<Long> toAnswer = new ArrayList<>();
        List<Long> toPage = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            TestApi.Response r = api.post("/api/sandbox", body);
            long answered = System.nanoTime();
            if (r.status() != 200) {
                throw new IllegalStateException(r.toString());
            }
            URI url = URI.create(r.json().get("url").asString());
            PreviewTest.Reply page = PreviewTest.fetch(port, url.getHost(), "/");
            long served = System.nanoTime();
            if (!page.body().contains("bench-page")) {
                throw new IllegalStateException("the page was not served: " + page.status());
            }
            toAnswer.add(answered - start);
            toPage.add(served - start);
            api.delete("/api/sandbox/" + r.json().get("sbxId").asString());
        }
        System.out.println("PREVIEW-BENCH nextjs POST /api/sandbox answered (ms, 3 runs): "
                + toAnswer.stream().map(n -> String.format("%.0f", n / 1e6)).toList());
        System.out.println("PREVIEW-BENCH nextjs POST to page served through the proxy (ms, 3 runs): "
                + toPage.stream().map(n -> String.format("%.0f", n / 1e6)).toList());
    }

    private static void print(String name, List<Long> nanos) {
        Collections.sort(nanos);
        System.out.printf("PREVIEW-BENCH %s p50=%.3fms p90=%.3fms p99=%.3fms%n", name,
                nanos.get(nanos.size() / 2) / 1e6, nanos.get(nanos.size() * 9 / 10) / 1e6,
                nanos.get(nanos.size() * 99 / 100) / 1e6);
    }

    /** One kept-alive HTTP/1.1 connection; {@link #get} returns the nanoseconds until the whole body was read. */
    private static final class KeepAlive implements AutoCloseable {
        private final int port;
        private final String host;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        KeepAlive(int port, String host) throws IOException {
            this.port = port;
            this.host = host;
            connect();
        }

        /** Tomcat ends a kept-alive connection after 100 requests (Connection: close); browsers reconnect too. */
        private void connect() throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        long get(String path) throws IOException {
            long start = System.nanoTime();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int length = -1;
            String line;
            List<String> headers = new ArrayList<>();
            while (!(line = readLine(headers)).isEmpty()) {
                headers.add(line);
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            if (length < 0) {
                throw new IOException("no Content-Length");
            }
            in.readNBytes(length);
            long elapsed = System.nanoTime() - start;
            if (headers.stream().anyMatch(h -> h.equalsIgnoreCase("connection: close"))) {
                socket.close();
                connect();
            }
            return elapsed;
        }

        private String readLine(List<String> headersSoFar) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection to " + host + " closed after " + headersSoFar);
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
