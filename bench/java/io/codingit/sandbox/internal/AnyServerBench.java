package io.codingit.sandbox.internal;

import io.codingit.support.PostgresTestDatabase;
import io.codingit.support.TestApi;
import io.codingit.support.TestServers;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Not a test (no assertions, not matched by surefire's includes): bench/agent/README.md, "Any server". Two
 * servers sharing PostgreSQL, Redis and the sandbox runtime directory; one sandbox created on A. Alternating
 * request by request: a {@code 1+1} cell ({@code POST /api/sandbox/{id}/execute}) through A (the creating
 * server: the baseline) and through B; then keystroke-to-echo on a terminal WebSocket opened through A and one
 * through B. Run with {@code ./mvnw test -Dtest=AnyServerBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class AnyServerBench {
    private static final int WARMUP = 100;
    private static final int RUNS = 500;

    @Test
    void throughTheCreatingServerAndTheOther() throws Exception {
        String schema = PostgresTestDatabase.newSchema();
        Path runtimeDir = RegistryServers.sharedRuntimeDir();
        try (TestServers.Server a = TestServers.start(properties(schema, runtimeDir, "bench-a-"));
             TestServers.Server b = TestServers.start(properties(schema, runtimeDir, "bench-b-"))) {
            String token = TestUsers.signUp(a.api()).accessToken();
            TestApi onA = a.api().as(token);
            TestApi onB = b.api().as(token);
            TestApi.Response created = onA.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1", "code", "1")));
            String sbxId = created.json().get("sbxId").asString();
            List<Long> cellA = new ArrayList<>();
            List<Long> cellB = new ArrayList<>();
            for (int i = 0; i < WARMUP + RUNS; i++) {
                long viaA = cell(onA, sbxId);
                long viaB = cell(onB, sbxId);
                if (i >= WARMUP) {
                    cellA.add(viaA);
                    cellB.add(viaB);
                }
            }
            print("cell 1+1 via A (creating server, HTTP API)", cellA);
            print("cell 1+1 via B (other server, HTTP API)", cellB);

            try (Terminal ta = Terminal.open(onA, sbxId); Terminal tb = Terminal.open(onB, sbxId)) {
                List<Long> echoA = new ArrayList<>();
                List<Long> echoB = new ArrayList<>();
                for (int i = 0; i < WARMUP + RUNS; i++) {
                    long viaA = ta.keystroke();
                    long viaB = tb.keystroke();
                    if (i >= WARMUP) {
                        echoA.add(viaA);
                        echoB.add(viaB);
                    }
                }
                print("PTY echo via A", echoA);
                print("PTY echo via B", echoB);
            }
            onA.delete("/api/sandbox/" + sbxId);
        } finally {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    private static Map<String, String> properties(String schema, Path runtimeDir, String prefix) throws Exception {
        Map<String, String> props = new java.util.HashMap<>(RegistryServers.properties(schema, runtimeDir, Files.createTempDirectory(prefix)));
        props.put("codingit.rate-limit.general.capacity", "100000");
        return props;
    }

    private static long cell(TestApi api, String sbxId) {
        long start = System.nanoTime();
        TestApi.Response r = api.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "1+1"));
        long elapsed = System.nanoTime() - start;
        if (r.status() != 200 || !r.body().contains("\"2\"")) {
            throw new AssertionError("cell failed: " + r);
        }
        return elapsed;
    }

    private static void print(String name, List<Long> nanos) {
        Collections.sort(nanos);
        int n = nanos.size();
        System.out.printf("ANY-SERVER-BENCH %s runs=%d p50=%.3fms p90=%.3fms p99=%.3fms%n", name, n,
                nanos.get(n / 2) / 1e6, nanos.get(n * 9 / 10) / 1e6, nanos.get(n * 99 / 100) / 1e6);
    }

    /** A terminal WebSocket: one keystroke at the bash prompt until its echo, rubbed out again after. */
    private record Terminal(WebSocket socket, BlockingQueue<String> output) implements AutoCloseable {
        static Terminal open(TestApi api, String sbxId) throws Exception {
            String ticket = api.post("/api/terminal/ticket", Map.of("sbxId", sbxId)).json().get("ticket").asString();
            BlockingQueue<String> output = new LinkedBlockingQueue<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(
                    api.baseUrl().replaceFirst("^http", "ws") + "/api/terminal/ws?sbxId=" + sbxId + "&ticket=" + ticket),
                    new WebSocket.Listener() {
                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                JsonNode frame = TestApi.JSON.readTree(partial.toString());
                                partial.setLength(0);
                                if (frame.path("type").asString("").equals("output")) {
                                    output.add(frame.path("data").asString(""));
                                }
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
            Terminal terminal = new Terminal(socket, output);
            terminal.type("echo ready-$((1+1))\r");
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("ready-2\r\n")) {
                seen.append(output.poll(30, TimeUnit.SECONDS));
            }
            Thread.sleep(300); // the prompt after it
            output.clear();
            return terminal;
        }

        void type(String keys) {
            socket.sendText("{\"type\":\"input\",\"data\":" + TestApi.JSON.writeValueAsString(keys) + "}", true).join();
        }

        long keystroke() throws InterruptedException {
            long start = System.nanoTime();
            type("a");
            String echo = output.poll(30, TimeUnit.SECONDS);
            long elapsed = System.nanoTime() - start;
            if (!"a".equals(echo)) {
                throw new AssertionError("expected the echo of one keystroke, got " + echo);
            }
            type("\u007f");
            output.poll(30, TimeUnit.SECONDS);
            return elapsed;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
    }
}
