package io.codingit.preview.internal;

import io.codingit.support.PostgresTestDatabase;
import io.codingit.support.TestApi;
import io.codingit.support.TestServers;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Not a test (no assertions, not matched by surefire's includes): bench/preview/README.md. Two servers sharing
 * PostgreSQL and the machine's sandbox runtime directory; a python-web-v1 app started through A. The same app
 * script also runs on the host's loopback, outside any sandbox: that is the baseline ("direct"). Alternating
 * request by request, a 1 KB GET over kept-alive connections: direct, through A's preview proxy, through B's.
 * Then the same with an app that closes its connection after every answer (HTTP/1.0 style, as
 * {@code http.server}'s default): every proxied request needs a new connection to the app.
 */
class PreviewTwoServersBench {
    private static final int WARMUP = 300;
    private static final int RUNS = Integer.parseInt(System.getenv().getOrDefault("PREVIEW_BENCH_RUNS", "1000"));
    private static final String APP = """
            import os
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

            BODY = b"x" * 1024

            class Static(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def do_GET(self):
                    closing = self.path.startswith("/close")
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(BODY)))
                    if closing:
                        self.send_header("Connection", "close")
                        self.close_connection = True
                    self.end_headers()
                    self.wfile.write(BODY)
                def log_message(self, *args):
                    pass

            ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Static).serve_forever()
            """;

    @Test
    void proxiedThroughEitherServerVersusDirect() throws Exception {
        String schema = PostgresTestDatabase.newSchema();
        Path runtimeDir = Files.createTempDirectory("codingit-bench-runtime-");
        Files.setPosixFilePermissions(runtimeDir, PosixFilePermissions.fromString("rwx--x--x"));
        Process hostApp = null;
        try (TestServers.Server a = TestServers.start(properties(schema, runtimeDir, "a"));
             TestServers.Server b = TestServers.start(properties(schema, runtimeDir, "b"))) {
            TestApi api = a.api().as(TestUsers.signUp(a.api()).accessToken());
            TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "python-web-v1", "code", APP)));
            if (created.status() != 200) {
                throw new IllegalStateException(created.toString());
            }
            String host = URI.create(created.json().get("url").asString()).getHost();
            int portA = URI.create(a.api().baseUrl()).getPort();
            int portB = URI.create(b.api().baseUrl()).getPort();
            int appPort;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                appPort = free.getLocalPort();
            }
            Path script = Files.createTempFile("preview-bench-app-", ".py");
            Files.writeString(script, APP);
            ProcessBuilder builder = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PORT", Integer.toString(appPort));
            hostApp = builder.start();
            awaitListening(appPort);

            Map<String, List<Long>> keptAlive = new LinkedHashMap<>();
            Map<String, List<Long>> closing = new LinkedHashMap<>();
            try (KeepAlive direct = new KeepAlive(appPort, "127.0.0.1");
                 KeepAlive viaA = new KeepAlive(portA, host + ":" + portA);
                 KeepAlive viaB = new KeepAlive(portB, host + ":" + portB)) {
                measure(keptAlive, "/file.txt", direct, viaA, viaB);
                measure(closing, "/close.txt", direct, viaA, viaB);
            }
            // where the time goes: the per-request lookup of the preview on each server, and each server's relay
            // listener straight (the preview's agent relay without Tomcat and the proxy servlet)
            PreviewHost preview = PreviewHost.parse(host, "localhost").orElseThrow();
            Map<String, List<Long>> parts = new LinkedHashMap<>();
            for (TestServers.Server server : List.of(a, b)) {
                PreviewRegistry registry = server.context().getBean(PreviewRegistry.class);
                String name = server == a ? "A" : "B";
                List<Long> lookups = parts.computeIfAbsent("preview lookup on " + name, k -> new ArrayList<>());
                for (int i = 0; i < WARMUP + RUNS; i++) {
                    long start = System.nanoTime();
                    registry.find(preview.sandboxId(), preview.port(), preview.secret()).orElseThrow();
                    if (i >= WARMUP) {
                        lookups.add(System.nanoTime() - start);
                    }
                }
                int relayPort = registry.find(preview.sandboxId(), preview.port(), preview.secret()).orElseThrow()
                        .relay().hostPort();
                List<Long> relayed = parts.computeIfAbsent("relay listener of " + name + " (no proxy)", k -> new ArrayList<>());
                try (KeepAlive relay = new KeepAlive(relayPort, "127.0.0.1")) {
                    for (int i = 0; i < WARMUP + RUNS; i++) {
                        long t = relay.get("/file.txt");
                        if (i >= WARMUP) {
                            relayed.add(t);
                        }
                    }
                }
            }
            // Tomcat's own floor: a preview host that is no preview's (malformed) is answered 404 by the proxy servlet
            // at once, without any lookup or upstream request
            List<Long> floor = parts.computeIfAbsent("Tomcat floor: 404 of a malformed preview host on A", k -> new ArrayList<>());
            try (KeepAlive notFound = new KeepAlive(portA, "not-a-preview.localhost:" + portA, 404)) {
                for (int i = 0; i < WARMUP + RUNS; i++) {
                    long t = notFound.get("/file.txt");
                    if (i >= WARMUP) {
                        floor.add(t);
                    }
                }
            }
            System.out.printf("PREVIEW-BENCH runs=%d body=1024B load=%s%n", RUNS, loadAverage());
            report("kept-alive connection to the app", keptAlive);
            report("app closes every connection", closing);
            report("parts", parts);
            api.delete("/api/sandbox/" + created.json().get("sbxId").asString());
        } finally {
            if (hostApp != null) {
                hostApp.destroy();
                hostApp.waitFor(5, TimeUnit.SECONDS);
            }
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    /** Alternating request by request: direct, through A, through B. */
    private static void measure(Map<String, List<Long>> into, String path, KeepAlive direct, KeepAlive viaA, KeepAlive viaB)
            throws IOException {
        List<Long> d = into.computeIfAbsent("direct (app on the host)", k -> new ArrayList<>());
        List<Long> pa = into.computeIfAbsent("through A (created it)", k -> new ArrayList<>());
        List<Long> pb = into.computeIfAbsent("through B (the other)", k -> new ArrayList<>());
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long t0 = direct.get(path);
            long t1 = viaA.get(path);
            long t2 = viaB.get(path);
            if (i >= WARMUP) {
                d.add(t0);
                pa.add(t1);
                pb.add(t2);
            }
        }
    }

    private static void report(String scenario, Map<String, List<Long>> samples) {
        double base = 0;
        for (Map.Entry<String, List<Long>> e : samples.entrySet()) {
            List<Long> nanos = e.getValue();
            Collections.sort(nanos);
            double p50 = nanos.get(nanos.size() / 2) / 1e6;
            if (base == 0) {
                base = p50;
            }
            System.out.printf("PREVIEW-BENCH %s | %s p50=%.3fms p90=%.3fms p99=%.3fms added_p50=%+.3fms ratio=%.2fx%n",
                    scenario, e.getKey(), p50, nanos.get(nanos.size() * 9 / 10) / 1e6,
                    nanos.get(nanos.size() * 99 / 100) / 1e6, p50 - base, p50 / base);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the host app did not listen on " + port);
    }

    /** Servers that share one database, registry key and runtime directory (as the two-server tests run them). */
    private static Map<String, String> properties(String schema, Path runtimeDir, String name) throws IOException {
        Map<String, String> props = new HashMap<>(PostgresTestDatabase.serverProperties(schema));
        props.put("codingit.data-dir", Files.createTempDirectory("codingit-bench-" + name + "-").toString());
        props.put("codingit.auth.jwt-secret", "preview-bench-shared-signing-secret-0123456789");
        props.put("codingit.sandbox.registry.secret-key", Base64.getEncoder().encodeToString(new byte[32]));
        props.put("codingit.sandbox.runtime-dir", runtimeDir.toString());
        props.put("codingit.sandbox.warm-pool", "0");
        props.put("codingit.rate-limit.auth.capacity", "1000");
        props.put("codingit.rate-limit.general.capacity", "100000");
        props.put("codingit.preview.start-timeout", "180s");
        return props;
    }

    /**
     * One kept-alive HTTP/1.1 connection; {@link #get} returns the nanoseconds until the whole body was read. When the
     * other side ends the connection ({@code Connection: close}: the app itself, or Tomcat after 100 requests) the next
     * request opens a new one, inside its own timing.
     */
    private static final class KeepAlive implements AutoCloseable {
        private final int port;
        private final String host;
        private final String expected;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        KeepAlive(int port, String host) {
            this(port, host, 200);
        }

        KeepAlive(int port, String host, int status) {
            this.port = port;
            this.host = host;
            this.expected = "HTTP/1.1 " + status;
        }

        private void connect() throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        long get(String path) throws IOException {
            long start = System.nanoTime();
            if (socket == null) {
                connect();
            }
            // acknowledge at once, as the agent does towards the app: http.server writes headers and body
            // separately, and with Nagle on the body would otherwise wait for the delayed ACK (40 ms)
            socket.setOption(jdk.net.ExtendedSocketOptions.TCP_QUICKACK, true);
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setOption(jdk.net.ExtendedSocketOptions.TCP_QUICKACK, true);
            int length = -1;
            boolean close = false;
            String line;
            String status = readLine();
            if (!status.startsWith(expected)) {
                throw new IOException(host + " answered " + status);
            }
            while (!(line = readLine()).isEmpty()) {
                String lower = line.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                } else if (lower.equals("connection: close")) {
                    close = true;
                }
            }
            if (length < 0) {
                throw new IOException("no Content-Length");
            }
            in.readNBytes(length);
            long elapsed = System.nanoTime() - start;
            if (close) {
                socket.close();
                socket = null;
            }
            return elapsed;
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection to " + host + " closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
        }
    }
}
