package io.codingit.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.2 playing an LLM provider: each request gets the next queued
 * {@link Reply} (written chunk by chunk, flushed after each) and is recorded for assertions. It
 * binds 127.0.0.2 so that the chat tests can allow-list exactly this host while every other
 * loopback spelling stays forbidden. The wire formats of the providers are built by {@link Wire}.
 */
public final class FakeLlmServer implements AutoCloseable {
    public static final String HOST = "127.0.0.2";

    private final HttpServer server;
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    /** What the fake received. */
    public record Recorded(String method, String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        public JsonNode json() {
            return TestApi.JSON.readTree(body);
        }
    }

    /**
     * One response. {@code chunks} are written in order; before the chunk at {@code pauseBefore} the
     * server waits for {@link #proceed} (so a test can prove the client saw earlier chunks first).
     * With {@code endless}, {@code endlessChunk} is repeated every 20 ms until writing fails, which
     * is reported through {@link #clientGone}.
     */
    public static final class Reply {
        final int status;
        final String contentType;
        final List<String> chunks;
        int pauseBefore = -1;
        final CountDownLatch proceed = new CountDownLatch(1);
        String endlessChunk;
        final CountDownLatch clientGone = new CountDownLatch(1);
        boolean abortAfterChunks;
        boolean silent;
        final AtomicInteger chunksWritten = new AtomicInteger();

        Reply(int status, String contentType, List<String> chunks) {
            this.status = status;
            this.contentType = contentType;
            this.chunks = List.copyOf(chunks);
        }

        public static Reply of(int status, String contentType, List<String> chunks) {
            return new Reply(status, contentType, chunks);
        }

        public static Reply json(int status, String body) {
            return new Reply(status, "application/json", List.of(body));
        }

        /** Holds back the chunk at {@code index} until {@link #proceed()}. */
        public Reply pauseBefore(int index) {
            this.pauseBefore = index;
            return this;
        }

        public void proceed() {
            proceed.countDown();
        }

        /** After the chunks, repeats {@code chunk} until the client closes the connection. */
        public Reply thenRepeatUntilClosed(String chunk) {
            this.endlessChunk = chunk;
            return this;
        }

        /** After the chunks, the connection is dropped without finishing the response. */
        public Reply thenDropConnection() {
            this.abortAfterChunks = true;
            return this;
        }

        /** Sends the headers and then nothing at all. */
        public Reply thenSilence() {
            this.silent = true;
            return this;
        }

        public boolean awaitClientGone(long timeout, TimeUnit unit) throws InterruptedException {
            return clientGone.await(timeout, unit);
        }

        /** How many of {@code chunks} have been written and flushed so far (a client that reads nothing holds it back). */
        public int chunksWritten() {
            return chunksWritten.get();
        }
    }

    public FakeLlmServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(HOST, 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind " + HOST, e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://" + HOST + ":" + server.getAddress().getPort();
    }

    public Reply enqueue(Reply reply) {
        replies.add(reply);
        return reply;
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public Recorded lastRequest() {
        return requests.getLast();
    }

    public void reset() {
        replies.clear();
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body));
        Reply reply = replies.poll();
        if (reply == null) {
            reply = Reply.json(500, "{\"error\":{\"message\":\"the fake upstream has no reply queued\"}}");
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType);
            // A dropped connection is a response shorter than its announced length; else chunked.
            long announced = reply.abortAfterChunks
                    ? reply.chunks.stream().mapToLong(c -> c.getBytes(StandardCharsets.UTF_8).length).sum() + 1000 : 0;
            exchange.sendResponseHeaders(reply.status, announced);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < reply.chunks.size(); i++) {
                if (i == reply.pauseBefore && !reply.proceed.await(150, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the fake upstream proceed");
                }
                out.write(reply.chunks.get(i).getBytes(StandardCharsets.UTF_8));
                out.flush();
                reply.chunksWritten.incrementAndGet();
            }
            if (reply.silent) {
                reply.clientGone.await(60, TimeUnit.SECONDS);
                return;
            }
            if (reply.abortAfterChunks) {
                exchange.close(); // short of the announced length: the server closes the connection
                return;
            }
            if (reply.endlessChunk != null) {
                while (true) {
                    out.write(reply.endlessChunk.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(20);
                }
            }
            out.close();
        } catch (IOException e) {
            reply.clientGone.countDown();
            exchange.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The providers' streaming wire formats, from a list of text deltas. */
    public static final class Wire {
        private Wire() {
        }

        public static List<String> openAi(List<String> deltas) {
            List<String> out = new ArrayList<>();
            for (String delta : deltas) {
                out.add(openAiChunk(delta));
            }
            out.add("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                    + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
            out.add("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                    + "\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":22,\"total_tokens\":33}}\n\n");
            out.add("data: [DONE]\n\n");
            return out;
        }

        public static String openAiChunk(String delta) {
            return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quote(delta) + "},\"finish_reason\":null}]}\n\n";
        }

        public static List<String> anthropic(List<String> deltas) {
            List<String> out = new ArrayList<>();
            out.add(anthropicEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":11,\"output_tokens\":1}}}"));
            out.add(anthropicEvent("content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
            for (String delta : deltas) {
                out.add(anthropicDelta(delta));
            }
            out.add(anthropicEvent("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
            out.add(anthropicEvent("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                    + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":22}}"));
            out.add(anthropicEvent("message_stop", "{\"type\":\"message_stop\"}"));
            return out;
        }

        public static String anthropicDelta(String delta) {
            return anthropicEvent("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":" + quote(delta) + "}}");
        }

        /**
         * Anthropic's answer as a tool call (its structured output): a {@code tool_use} block named
         * {@code tool} whose input arrives as {@code input_json_delta} pieces (the first one empty, as the API sends it).
         */
        public static List<String> anthropicToolUse(String tool, List<String> jsonPieces) {
            List<String> out = new ArrayList<>();
            out.add(anthropicEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":11,\"output_tokens\":1}}}"));
            out.add(anthropicEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":" + quote(tool) + ",\"input\":{}}}"));
            List<String> pieces = new ArrayList<>();
            pieces.add("");
            pieces.addAll(jsonPieces);
            for (String piece : pieces) {
                out.add(anthropicEvent("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + quote(piece) + "}}"));
            }
            out.add(anthropicEvent("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
            out.add(anthropicEvent("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
                    + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":22}}"));
            out.add(anthropicEvent("message_stop", "{\"type\":\"message_stop\"}"));
            return out;
        }

        public static String anthropicEvent(String name, String data) {
            return "event: " + name + "\ndata: " + data + "\n\n";
        }

        public static List<String> gemini(List<String> deltas) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < deltas.size(); i++) {
                boolean last = i == deltas.size() - 1;
                out.add("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":" + quote(deltas.get(i))
                        + "}],\"role\":\"model\"},\"index\":0" + (last ? ",\"finishReason\":\"STOP\"" : "") + "}]"
                        + (last ? ",\"usageMetadata\":{\"promptTokenCount\":11,\"candidatesTokenCount\":22,\"totalTokenCount\":33}" : "")
                        + ",\"modelVersion\":\"gemini-test\"}\r\n\r\n");
            }
            return out;
        }

        public static List<String> ollama(List<String> deltas) {
            List<String> out = new ArrayList<>();
            for (String delta : deltas) {
                out.add("{\"model\":\"llama-test\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":" + quote(delta) + "},\"done\":false}\n");
            }
            out.add("{\"model\":\"llama-test\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":11,\"eval_count\":22}\n");
            return out;
        }

        /** One tool call of a scripted model answer: {@code arguments} is the JSON object as text. */
        public record ToolCall(String id, String name, String arguments) {
            public static ToolCall of(String name, Map<String, ?> arguments) {
                return new ToolCall("call_" + Integer.toHexString(java.util.Objects.hash(name, arguments, System.nanoTime())),
                        name, TestApi.JSON.writeValueAsString(arguments));
            }
        }

        /** A non-streamed OpenAI chat completion asking for tool calls ({@code finish_reason: tool_calls}). */
        public static String openAiToolCalls(List<ToolCall> calls) {
            StringBuilder list = new StringBuilder();
            for (ToolCall call : calls) {
                if (!list.isEmpty()) {
                    list.append(',');
                }
                list.append("{\"id\":").append(quote(call.id())).append(",\"type\":\"function\",\"function\":{\"name\":")
                        .append(quote(call.name())).append(",\"arguments\":").append(quote(call.arguments())).append("}}");
            }
            return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + list + "]},"
                    + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20,\"total_tokens\":120}}";
        }

        /** A non-streamed OpenAI chat completion with a final text answer. */
        public static String openAiAnswer(String text) {
            return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":" + quote(text) + "},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20,\"total_tokens\":120}}";
        }

        static String quote(String s) {
            return TestApi.JSON.writeValueAsString(s);
        }

        /** Splits text into pieces of at most {@code size} characters, as a model's tokens would arrive. */
        public static List<String> pieces(String text, int size) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < text.length(); i += size) {
                out.add(text.substring(i, Math.min(text.length(), i + size)));
            }
            return out;
        }
    }
}
