package io.codingit.chat;

import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire;
import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Not a test (no assertions, outside surefire's includes): bench/chat/README.md. 500 chat streams open
 * at once through our server against the fake upstream on 127.0.0.2, each holding its upstream
 * half-way through a 2,000-token fragment until all 500 have delivered their first bytes; then heap,
 * RSS and threads are recorded, the upstreams released and every stream read to its end.
 * The general budget is lifted here (it is per user and would otherwise be the limit measured).
 */
@IntegrationTest
@TestPropertySource(properties = {
        "codingit.llm.allowed-base-url-hosts=127.0.0.2",
        "codingit.rate-limit.general.capacity=100000"})
class ChatConcurrencyBench {
    private static final int STREAMS = 500;

    @LocalServerPort
    int port;

    @Test
    void fiveHundredConcurrentStreams() throws Exception {
        TestApi api = new TestApi(port);
        ChatClient chat = new ChatClient(api, TestUsers.signUp(api).accessToken());
        List<String> chunks = Wire.openAi(ChatStreamBench.fragmentOf2000Tokens());
        String expected = String.join("", ChatStreamBench.fragmentOf2000Tokens());
        Memory before = Memory.now();
        try (FakeLlmServer upstream = new FakeLlmServer();
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Object> body = ChatClient.body("openai", "gpt-bench", ChatClient.ownKey(upstream, "sk-bench"));
            List<Reply> replies = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                replies.add(upstream.enqueue(Reply.of(200, "text/event-stream", chunks).pauseBefore(chunks.size() / 2)));
            }
            CountDownLatch allStarted = new CountDownLatch(STREAMS);
            long start = System.nanoTime();
            List<Future<Outcome>> streams = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                streams.add(clients.submit(() -> {
                    long firstByte = -1;
                    try (Socket socket = chat.openRaw(body, "*/*")) {
                        socket.setSoTimeout(180_000);
                        InputStream in = socket.getInputStream();
                        String firstPart = ChatClient.readUntil(in, "{\"co");
                        firstByte = (System.nanoTime() - start) / 1_000_000;
                        allStarted.countDown();
                        String text = ChatClient.dechunk(firstPart + new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        return new Outcome(firstByte, text.equals(expected), null);
                    } catch (Exception e) {
                        String message = String.valueOf(e.getMessage());
                        return new Outcome(firstByte, false, message.substring(0, Math.min(80, message.length())));
                    } finally {
                        if (firstByte < 0) {
                            allStarted.countDown();
                        }
                    }
                }));
            }
            boolean started = allStarted.await(180, TimeUnit.SECONDS);
            long allOpenMillis = (System.nanoTime() - start) / 1_000_000;
            Memory open = Memory.now();
            replies.forEach(Reply::proceed);
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> stream : streams) {
                outcomes.add(stream.get(180, TimeUnit.SECONDS));
            }
            long totalMillis = (System.nanoTime() - start) / 1_000_000;
            List<Long> firstBytes = outcomes.stream().map(Outcome::firstByteMillis).filter(t -> t >= 0).sorted().toList();
            System.out.println("CHAT-CONCURRENT streams=" + STREAMS + " allStarted=" + started + " allOpenAfter="
                    + allOpenMillis + "ms complete+parsed=" + outcomes.stream().filter(Outcome::parsed).count()
                    + " total=" + totalMillis + "ms");
            if (!firstBytes.isEmpty()) {
                System.out.println("CHAT-CONCURRENT first byte after start: p50=" + firstBytes.get(firstBytes.size() / 2)
                        + "ms p95=" + firstBytes.get(firstBytes.size() * 95 / 100) + "ms max=" + firstBytes.getLast() + "ms");
            }
            outcomes.stream().filter(o -> o.failure() != null).map(Outcome::failure).distinct().limit(5)
                    .forEach(f -> System.out.println("CHAT-CONCURRENT failure: " + f.replace("\r\n", " ")));
            System.out.println("CHAT-CONCURRENT before " + before);
            System.out.println("CHAT-CONCURRENT open   " + open);
            System.out.println("CHAT-CONCURRENT after  " + Memory.now());
        }
    }

    record Outcome(long firstByteMillis, boolean parsed, String failure) {
    }

    /** Heap in use, the process's resident set (now and its peak) and live threads. */
    record Memory(long heapUsedMb, long heapCommittedMb, long rssMb, long peakRssMb, int threads) {
        static Memory now() throws Exception {
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            long rss = 0;
            long peak = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line);
                } else if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line);
                }
            }
            return new Memory(heap.getUsed() >> 20, heap.getCommitted() >> 20, rss >> 10, peak >> 10,
                    ManagementFactory.getThreadMXBean().getThreadCount());
        }

        private static long kilobytes(String statusLine) {
            return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
        }
    }
}
