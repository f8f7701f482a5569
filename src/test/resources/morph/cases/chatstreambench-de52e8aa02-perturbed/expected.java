package io.codingit.chat;

import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Not a test (no assertions, not matched by surefire's includes): bench/chat/README.md. Time to
 * first byte and total time of a 2,000-token fragment, directly from the fake upstream and through
 * our server, in the same run. Run with
 * {@code ./mvnw test -Dtest=ChatStreamBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ChatTest
class ChatStreamBench {
    private static final int WARMUP = Integer.getInteger("chat.bench.warmup", 20);
    /** 100 by default; more ({@code -Dchat.bench.runs=1000}) when profiling. */
    private static final int RUNS = Integer.getInteger("chat.bench.runs", 100);

    @LocalServerPort
    int port;

    record Timing(long firstByteNanos, long totalNanos) {
    }

    @Test
    void ttfbThroughTheServerVersusDirect() throws Exception {
        TestApi api = new TestApi(port);
        ChatClient chat = new ChatClient(api, TestUsers.signUp(api).accessToken());
        List<String> chunks = Wire.openAi(fragmentOf2000Tokens());
        try (FakeLlmServer upstream = new FakeLlmServer()) {
            Map<String, Object> body = ChatClient.body("openai", "gpt-bench", ChatClient.ownKey(upstream, "sk-bench"));
            List<Timing> direct = new ArrayList<>();
            List<Timing> proxied = new ArrayList<>();
            for (int i = 0; i < WARMUP + RUNS; i++) {
                upstream.enqueue(Reply.of(200, "text/event-stream", chunks));
                Timing d = timeDirect(upstream);
                upstream.enqueue(Reply.of(200, "text/event-stream", chunks));
                long start = System.nanoTime();
                Timing p;
                try (Socket socket = chat.openRaw(body, "*/*")) {
                    p = timeBody(socket.getInputStream(), start);
                }
                if (i >= WARMUP) {
                    direct.add(d);
                    proxied.add(p);
                }
            }
            System.out.println("CHAT-BENCH runs=" + RUNS + " chunks=" + chunks.size());
            System.out.println("CHAT-BENCH direct  " + summary(direct));
            System.out.println("CHAT-BENCH through " + summary(proxied));
            if (RUNS > 200) {
                // The first 100 (after the warm-up) and the rest apart: the JIT keeps compiling the server's path for a while.
                System.out.println("CHAT-BENCH first 100 direct  " + summary(direct.subList(0, 100)));
                System.out.println("CHAT-BENCH first 100 through " + summary(proxied.subList(0, 100)));
                System.out.println("CHAT-BENCH last " + (RUNS - 100) + " direct  " + summary(direct.subList(100, RUNS)));
                System.out.println("CHAT-BENCH last " + (RUNS - 100) + " through " + summary(proxied.subList(100, RUNS)));
            }
        }
    }

    private static Timing timeDirect(FakeLlmServer upstream) throws IOException {
        String host = upstream.baseUrl().substring("http://".length());
        try (Socket socket = new Socket(FakeLlmServer.HOST, Integer.parseInt(host.substring(host.indexOf(':') + 1)))) {
            long start = System.nanoTime();
            socket.getOutputStream().write(("POST /chat/completions HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}")
                    .getBytes(StandardCharsets.US_ASCII));
            return timeBody(socket.getInputStream(), start);
        }
    }

    /** First byte after the response head, and the end of the response. */
    private static Timing timeBody(InputStream in, long start) throws IOException {
        byte[] buffer = new byte[8192];
        StringBuilder head = new StringBuilder();
        long firstByte = -1;
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (firstByte < 0) {
                head.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                int end = head.indexOf("\r\n\r\n");
                if (end >= 0 && head.length() > end + 4) {
                    firstByte = System.nanoTime() - start;
                }
            }
        }
        return new Timing(firstByte, System.nanoTime() - start);
    }

    private static String summary(List<Timing> timings) {
        return "ttfb p50=" + ms(percentile(timings.stream().map(Timing::firstByteNanos).toList(), 50))
                + " p95=" + ms(percentile(timings.stream().map(Timing::firstByteNanos).toList(), 95))
                + " total p50=" + ms(percentile(timings.stream().map(Timing::totalNanos).toList(), 50))
                + " p95=" + ms(percentile(timings.stream().map(Timing::totalNanos).toList(), 95));
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String ms(long nanos) {
        return String.format("%.2fms", nanos / 1e6);
    }

    /** A fragment whose code is 2,000 four-character tokens, streamed one token per chunk. */
    static List<String> fragmentOf2000Tokens() {
        List<String> tokens = new ArrayList<>();
        tokens.add("{\"commentary\":\"bench\",\"template\":\"code-interpreter-v1\",\"title\":\"Bench\",\"description\":\"b\","
                + "\"additional_dependencies\":[],\"has_additional_dependencies\":false,\"install_dependencies_command\":\"\","
                + "\"port\":null,\"file_path\":\"script.py\",\"code\":\"");
        for (int i = 0; i < 2000; i++) {
            tokens.add("x=1;");
        }
        tokens.add("\"}");
        return tokens;
    }
}
