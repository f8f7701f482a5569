import com.sun.net.httpserver.HttpExchange;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory benchmark's driver (bench/memory/README.md): starts one server process with the command
 * line it is given, a fake OpenAI-compatible upstream on 127.0.0.2 that streams a 2,000-token fragment,
 * and drives the peer-style load through {@code POST /api/chat}, reading the server's RSS from /proc.
 * Prints one {@code key=value} line per figure. No dependencies: {@code java bench/memory/MemoryLoad.java}.
 *
 * <pre>
 * MemoryLoad steady|peak DATA_DIR PORT -- java-command...
 *   steady: start-up, one request, 600 sequential streams, 64 concurrent (throughput, CPU per
 *           stream), then 60 s idle sampled every second
 *   peak:   start-up, one request, 200 concurrent streams paced at 5 ms a chunk (peak RSS), 15 s idle
 *   floor:  start-up and idle RSS 5 s after one GET /api/health (the bare Spring Boot app of floor/)
 *   start:  start-up and one request only (with INSPECT=SCRIPT set, SCRIPT runs then with a label and the pid)
 *   SCRIPT: (any other word) runs SCRIPT with a label and the server's pid after one request and again
 *           after 600 sequential + 480 concurrent streams and 15 s idle (NMT, thread dumps: inspect.sh)
 * </pre>
 */
public final class MemoryLoad {
    static final int TOKENS = 2000;
    static final long PAGE = 4096;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path data = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        List<String> command = new ArrayList<>(List.of(args).subList(4, args.length));
        try (Upstream upstream = new Upstream()) {
            command.addAll(List.of("--server.port=" + port, "--codingit.data-dir=" + data,
                    "--codingit.llm.allowed-base-url-hosts=" + Upstream.HOST,
                    "--codingit.rate-limit.general.capacity=100000000", "--codingit.rate-limit.llm.capacity=100000000"));
            long t0 = System.nanoTime();
            Process server = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::destroyForcibly)); // when the driver is killed
            try {
                Server s = new Server(server.pid(), port);
                s.awaitHealthy(t0);
                if (mode.equals("floor")) { // the bare Spring Boot app: start-up and idle after its first answer
                    Thread.sleep(5_000);
                    s.report("after_one");
                    return;
                }
                s.signUp();
                s.stream(upstream, 0);
                Thread.sleep(5_000);
                s.report("after_one");
                switch (mode) {
                    case "steady" -> steady(s, upstream);
                    case "peak" -> peak(s, upstream);
                    case "start" -> {
                        if (System.getenv("INSPECT") != null) { // e.g. INSPECT=bench/memory/inspect.sh: NMT at idle
                            new ProcessBuilder(System.getenv("INSPECT"), "after_one", String.valueOf(s.pid))
                                    .inheritIO().start().waitFor();
                        }
                    }
                    default -> inspect(s, upstream, mode);
                }
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    static void steady(Server s, Upstream upstream) throws Exception {
        for (int i = 0; i < 600; i++) {
            s.stream(upstream, 0);
        }
        Thread.sleep(5_000);
        s.report("after_600");
        int streams = 480;
        long cpu0 = s.cpuTicks();
        long t0 = System.nanoTime();
        concurrent(s, upstream, 64, streams, 0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long cpuTicks = s.cpuTicks() - cpu0;
        System.out.printf("streams_per_s_64=%.1f%n", streams / seconds);
        System.out.printf("cpu_ms_per_stream=%.2f%n", cpuTicks * 10.0 / streams); // USER_HZ = 100
        s.report("after_load");
        // The target: back within 1.3x of idle within 60 s, and staying there: RSS at 60 s, and the highest RSS
        // from 60 to 120 s. The highest from 30 to 60 s is kept beside it (how soon it gets back).
        long max30 = 0;
        long max60 = 0;
        for (int second = 1; second <= 120; second++) {
            Thread.sleep(1_000);
            long rss = s.rssKb();
            if (second == 15) {
                s.report("idle_15s");
            }
            if (second == 60) {
                s.report("idle_60s");
            }
            if (second > 30 && second <= 60) {
                max30 = Math.max(max30, rss);
            }
            if (second > 60) {
                max60 = Math.max(max60, rss);
            }
        }
        s.report("idle_120s");
        System.out.printf("rss_mib_max_idle_30_60s=%d%n", max30 / 1024);
        System.out.printf("rss_mib_max_idle_60_120s=%d%n", max60 / 1024);
    }

    /** Any other mode names a script run with the server's pid after one request (and after 600 streams). */
    static void inspect(Server s, Upstream upstream, String script) throws Exception {
        new ProcessBuilder(script, "after_one", String.valueOf(s.pid)).inheritIO().start().waitFor();
        for (int i = 0; i < 600; i++) {
            s.stream(upstream, 0);
        }
        concurrent(s, upstream, 64, 480, 0);
        Thread.sleep(15_000);
        new ProcessBuilder(script, "after_load_15s", String.valueOf(s.pid)).inheritIO().start().waitFor();
    }

    static void peak(Server s, Upstream upstream) throws Exception {
        AtomicLong maxRss = new AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    maxRss.accumulateAndGet(s.rssKb(), Math::max);
                    Thread.sleep(100);
                } catch (Exception e) {
                    return;
                }
            }
        });
        long t0 = System.nanoTime();
        concurrent(s, upstream, 200, 200, 5);
        System.out.printf("paced_200_seconds=%.1f%n", (System.nanoTime() - t0) / 1e9);
        sampler.interrupt();
        System.out.printf("rss_mib_peak_200=%d%n", Math.max(maxRss.get(), s.statusKb("VmHWM:")) / 1024);
        Thread.sleep(15_000);
        s.report("after_200_idle_15s");
    }

    /**
     * {@code streams} chat streams on {@code workers} connections at a time. A stream that fails (the server
     * answers an error, e.g. a provider timeout on a starved machine) is counted and printed, not fatal,
     * so that the memory figures of the run are still recorded.
     */
    static void concurrent(Server s, Upstream upstream, int workers, int streams, int paceMs) throws Exception {
        AtomicInteger left = new AtomicInteger(streams);
        AtomicInteger failed = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        try {
                            s.stream(upstream, paceMs);
                        } catch (IOException | IllegalStateException e) {
                            if (failed.getAndIncrement() == 0) {
                                System.err.println("first failed stream: " + e.getMessage());
                            }
                        }
                    }
                });
            }
        }
        System.out.printf("failed_streams_%d=%d%n", workers, failed.get());
    }

    /** The server process under test: its /proc figures and its API. */
    static final class Server {
        final long pid;
        final int port;
        String token;

        Server(long pid, int port) {
            this.pid = pid;
            this.port = port;
        }

        void awaitHealthy(long t0) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build();
            for (int i = 0; i < 3000; i++) {
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        System.out.printf("startup_ms=%d%n", (System.nanoTime() - t0) / 1_000_000);
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("server not healthy after 60 s");
        }

        void signUp() throws Exception {
            String body = "{\"email\":\"bench-" + System.nanoTime() + "@example.test\",\"password\":\"Pw-bench-123456789\"}";
            String answer = new String(request("/api/auth/signup", body, null), StandardCharsets.UTF_8);
            int at = answer.indexOf("\"accessToken\":\"");
            if (at < 0) {
                throw new IllegalStateException("signup failed: " + answer);
            }
            token = answer.substring(at + 15, answer.indexOf('"', at + 15));
        }

        /** One chat stream, read to its end and checked: the fragment's 2,000 tokens must all arrive. */
        void stream(Upstream upstream, int paceMs) throws IOException {
            String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in Python\"}],"
                    + "\"model\":{\"id\":\"gpt-bench\",\"name\":\"gpt-bench\",\"provider\":\"openai\",\"providerId\":\"openai\"},"
                    + "\"config\":{\"apiKey\":\"sk-bench\",\"baseURL\":\"" + upstream.baseUrl(paceMs) + "\"}}";
            String text = new String(request("/api/chat", body, token), StandardCharsets.UTF_8);
            int count = 0;
            for (int i = text.indexOf("x=1;"); i >= 0; i = text.indexOf("x=1;", i + 4)) {
                count++;
            }
            if (count != TOKENS) {
                throw new IllegalStateException("incomplete stream (" + count + " tokens): "
                        + text.substring(0, Math.min(300, text.length())));
            }
        }

        /** A raw HTTP/1.1 POST with {@code Connection: close}; the dechunked body. */
        byte[] request(String path, String json, String bearer) throws IOException {
            byte[] payload = json.getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(120_000);
                String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n")
                        + "Content-Type: application/json\r\nAccept: */*\r\nContent-Length: " + payload.length + "\r\n\r\n";
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(payload);
                out.flush();
                return dechunk(socket.getInputStream().readAllBytes());
            }
        }

        static byte[] dechunk(byte[] raw) {
            String all = new String(raw, StandardCharsets.ISO_8859_1);
            int bodyAt = all.indexOf("\r\n\r\n") + 4;
            if (!all.substring(0, bodyAt).toLowerCase().contains("transfer-encoding: chunked")) {
                return all.substring(bodyAt).getBytes(StandardCharsets.ISO_8859_1);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int at = bodyAt;
            while (at < all.length()) {
                int eol = all.indexOf("\r\n", at);
                int size = Integer.parseInt(all.substring(at, eol).split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                body.write(raw, eol + 2, size);
                at = eol + 2 + size + 2;
            }
            return body.toByteArray();
        }

        long statusKb(String key) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException(key);
        }

        long rssKb() throws IOException {
            return statusKb("VmRSS:");
        }

        /** utime + stime of the server process in clock ticks. */
        long cpuTicks() throws IOException {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        void report(String label) throws IOException {
            System.out.printf("rss_mib_%s=%d%n", label, rssKb() / 1024);
            System.out.printf("threads_%s=%d%n", label, statusKb("Threads:"));
        }
    }

    /** A fake OpenAI-compatible upstream on 127.0.0.2; {@code /pace/N} writes a chunk every N ms. */
    static final class Upstream implements AutoCloseable {
        static final String HOST = "127.0.0.2";
        final HttpServer server;
        final List<byte[]> chunks = new ArrayList<>();

        Upstream() throws IOException {
            chunks.add(chunk("{\"commentary\":\"bench\",\"template\":\"code-interpreter-v1\",\"title\":\"Bench\","
                    + "\"description\":\"b\",\"additional_dependencies\":[],\"has_additional_dependencies\":false,"
                    + "\"install_dependencies_command\":\"\",\"port\":null,\"file_path\":\"script.py\",\"code\":\""));
            for (int i = 0; i < TOKENS; i++) {
                chunks.add(chunk("x=1;"));
            }
            chunks.add(chunk("\"}"));
            chunks.add(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                    + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n").getBytes(StandardCharsets.UTF_8));
            chunks.add("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            server = HttpServer.create(new InetSocketAddress(HOST, 0), 1024);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", this::answer);
            server.start();
        }

        static byte[] chunk(String delta) {
            String quoted = "\"" + delta.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            return ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quoted + "},\"finish_reason\":null}]}\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        }

        String baseUrl(int paceMs) {
            return "http://" + HOST + ":" + server.getAddress().getPort() + "/pace/" + paceMs;
        }

        void answer(HttpExchange exchange) throws IOException {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                String path = exchange.getRequestURI().getPath();
                int pace = Integer.parseInt(path.split("/")[2]);
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                for (byte[] chunk : chunks) {
                    out.write(chunk);
                    out.flush();
                    if (pace > 0) {
                        Thread.sleep(pace);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
