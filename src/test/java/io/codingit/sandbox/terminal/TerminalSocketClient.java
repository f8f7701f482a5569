package io.codingit.sandbox.terminal;

import io.codingit.support.TestApi;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The terminal WebSocket from a test's side: JSON frames in, a queue of received frames out. */
final class TerminalSocketClient implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> received;
    private int pongs;
    private final StringBuilder output = new StringBuilder();

    private TerminalSocketClient(WebSocket socket, BlockingQueue<JsonNode> received) {
        this.socket = socket;
        this.received = received;
    }

    /** Connects; {@code headers} may carry Authorization or Origin. */
    static TerminalSocketClient connect(String url, Map<String, String> headers) {
        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        WebSocket socket = builder.buildAsync(URI.create(url), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(TestApi.JSON.readTree(partial.toString()));
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                received.add(TestApi.JSON.createObjectNode().put("type", "closed").put("status", statusCode));
                return null;
            }
        }).join();
        return new TerminalSocketClient(socket, received);
    }

    /** The HTTP status the handshake was refused with. */
    static int refusal(String url, Map<String, String> headers) {
        try {
            connect(url, headers).close();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    void send(Map<String, Object> frame) {
        socket.sendText(TestApi.JSON.writeValueAsString(frame), true).join();
    }

    void type(String keys) {
        send(Map.of("type", "input", "data", keys));
    }

    /** Reads output frames until the terminal's output so far contains {@code text}; returns all output. */
    String awaitOutput(String text) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        // search only the new output (and a text's length before it): large outputs stay linear
        int from = 0;
        while (output.indexOf(text, from) < 0) {
            from = Math.max(0, output.length() - text.length());
            JsonNode frame = nextFrame(deadline);
            if (frame.path("type").asString().equals("output")) {
                output.append(frame.path("data").asString());
            } else if (frame.path("type").asString().equals("pong")) {
                pongs++;
            } else {
                throw new AssertionError("waiting for " + text + " in the output, got " + frame + " after: " + output);
            }
        }
        return output.toString();
    }

    /** How many pong frames {@link #awaitOutput} passed over. */
    int pongsSeen() {
        return pongs;
    }

    /** The data of the next output frame (for measuring echo). */
    String awaitOutputFrame() throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            JsonNode frame = nextFrame(deadline);
            if (frame.path("type").asString().equals("output")) {
                output.append(frame.path("data").asString());
                return frame.path("data").asString();
            }
        }
    }

    /** The next frame that is not output (output is kept for {@link #awaitOutput}). */
    JsonNode awaitFrame() throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            JsonNode frame = nextFrame(deadline);
            if (!frame.path("type").asString().equals("output")) {
                return frame;
            }
            output.append(frame.path("data").asString());
        }
    }

    private JsonNode nextFrame(Instant deadline) throws InterruptedException {
        JsonNode frame = received.poll(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + PATIENCE + "; output so far: " + output);
        }
        return frame;
    }

    /** Drops the connection without a closing handshake, like a browser tab that is killed. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        CompletableFuture<WebSocket> closing = socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        closing.exceptionally(e -> null).join();
    }
}
