import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MCP benchmark (issue 19), loopback only, against a running server:
 * 1. run_code("1+1") as an MCP tool call (POST /mcp in a session) against its REST baseline
 *    (POST /api/sandbox/{id}/execute) in the same sandbox, interleaved, p50/p90 of each and the difference;
 * 2. N concurrent MCP sessions (initialize, initialized, tools/list, a tool call, DELETE), how many succeed.
 * Plain JSON-RPC over the JDK HttpClient, as any client sends it.
 *
 * Usage: java McpBench.java BASE_URL [calls] [sessions]
 */
public class McpBench {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final String ACCEPT = "application/json, text/event-stream";
    static String base;

    public static void main(String[] args) throws Exception {
        base = args[0];
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int sessions = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        String token = signUp();

        String sandbox = field(send(token, "POST", "/api/sandbox", null,
                "{\"fragment\":{\"template\":\"code-interpreter-v1\",\"code\":\"x = 1\"}}").body(), "sbxId");
        if (sandbox == null) {
            throw new IllegalStateException("no sandbox created");
        }
        String session = initialize(token);
        String restBody = "{\"code\":\"1+1\"}";
        String mcpBody = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"run_code\","
                + "\"arguments\":{\"sandbox\":\"" + sandbox + "\",\"code\":\"1+1\"}}}";
        int warmup = Math.max(20, calls / 10);
        double[] rest = new double[calls];
        double[] mcp = new double[calls];
        for (int i = -warmup; i < calls; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = send(token, "POST", "/api/sandbox/" + sandbox + "/execute", null, restBody);
            long t1 = System.nanoTime();
            HttpResponse<String> m = send(token, "POST", "/mcp", session, mcpBody.formatted(i + 10_000));
            long t2 = System.nanoTime();
            if (r.statusCode() != 200 || !r.body().contains("\"text\":\"2\"")) {
                throw new IllegalStateException("REST run failed: " + r.statusCode() + " " + r.body());
            }
            if (m.statusCode() != 200 || !m.body().contains("\\\"text\\\":\\\"2\\\"") && !m.body().contains("\"text\":\"2\"")) {
                throw new IllegalStateException("MCP run failed: " + m.statusCode() + " " + m.body());
            }
            if (i >= 0) {
                rest[i] = (t1 - t0) / 1e6;
                mcp[i] = (t2 - t1) / 1e6;
            }
        }
        Arrays.sort(rest);
        Arrays.sort(mcp);
        System.out.printf("run_code(\"1+1\"), %d calls each, interleaved, one sandbox%n", calls);
        System.out.printf("  REST POST /api/sandbox/{id}/execute  p50 %.3f ms  p90 %.3f ms%n", pct(rest, 50), pct(rest, 90));
        System.out.printf("  MCP  tools/call run_code             p50 %.3f ms  p90 %.3f ms%n", pct(mcp, 50), pct(mcp, 90));
        System.out.printf("  MCP - REST at p50: %+.3f ms (ratio %.3f)%n", pct(mcp, 50) - pct(rest, 50),
                pct(mcp, 50) / pct(rest, 50));
        send(token, "DELETE", "/api/sandbox/" + sandbox, null, null);

        concurrentSessions(token, sessions);
    }

    static void concurrentSessions(String token, int sessions) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        long t0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < sessions; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    String session = initialize(token);
                    HttpResponse<String> list = send(token, "POST", "/mcp", session,
                            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
                    HttpResponse<String> call = send(token, "POST", "/mcp", session,
                            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
                                    + "\"workspace_list_files\",\"arguments\":{}}}");
                    boolean ok = list.body().contains("run_code") && call.body().contains("files")
                            && !call.body().contains("\"isError\":true");
                    send(token, "DELETE", "/mcp", session, null);
                    return ok;
                }));
            }
            t0 = System.nanoTime();
            start.countDown();
        }
        int ok = 0;
        for (Future<Boolean> f : results) {
            try {
                ok += f.get() ? 1 : 0;
            } catch (Exception e) {
                // counted as a failure
            }
        }
        System.out.printf("%d concurrent MCP sessions: %d succeeded in %.0f ms%n", sessions, ok,
                (System.nanoTime() - t0) / 1e6);
    }

    static String initialize(String token) throws Exception {
        HttpResponse<String> r = send(token, "POST", "/mcp", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                + "\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}");
        String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow(
                () -> new IllegalStateException("initialize: " + r.statusCode() + " " + r.body()));
        send(token, "POST", "/mcp", session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return session;
    }

    static HttpResponse<String> send(String token, String method, String path, String session, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Accept", ACCEPT).header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String signUp() throws Exception {
        String email = "bench-" + UUID.randomUUID() + "@codingit.test";
        HttpResponse<String> r = send(null, "POST", "/api/auth/signup", null,
                "{\"email\":\"" + email + "\",\"password\":\"bench-password-" + UUID.randomUUID() + "\"}");
        String token = field(r.body(), "accessToken");
        if (token == null) {
            throw new IllegalStateException("signup: " + r.statusCode() + " " + r.body());
        }
        return token;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
