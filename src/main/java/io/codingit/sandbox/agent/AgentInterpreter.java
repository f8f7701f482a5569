package io.codingit.sandbox.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import io.codingit.sandbox.spi.InterpreterProcess;
import tools.jackson.databind.JsonNode;

/**
 * This server's channel to one of the agent's interpreters (docs/sandbox-protocol.md, "Interpreter cells"):
 * one text frame per line both ways. The driver's event lines are handed out on {@link #stdout()} with their
 * newline, {@code agent_dropped} notices among them (the reader reports an oversized event); the driver's
 * stderr on {@link #stderr()}.
 */
final class AgentInterpreter implements InterpreterProcess {
    private static final String AGENT_FRAME = "\"type\":\"agent_";

    private final AgentClient client;
    private final String id;
    private final boolean started;
    private final StreamBuffer stdout = new StreamBuffer(bytes -> { });
    private final StreamBuffer stderr = new StreamBuffer(bytes -> { });
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile Session session;

    AgentInterpreter(AgentClient client, String id, boolean started) {
        this.client = client;
        this.id = id;
        this.started = started;
    }

    Session.Listener listener() {
        return new ChannelSocket(this);
    }

    void opened(Session s) {
        session = s;
        s.demand();
    }

    /** A line of the driver, or (Go's JSON, no spaces, which the driver's own lines never contain unescaped) the agent's notice. */
    void line(String text) {
        if (text.contains(AGENT_FRAME)) {
            JsonNode frame = AgentClient.json().readTree(text);
            switch (frame.path("type").asString()) {
                case "agent_stderr" -> stderr.add(frame.path("text").asString("").getBytes(StandardCharsets.UTF_8));
                case "agent_exit" -> finish(frame.path("exitCode").asInt(AgentProcess.KILLED));
                default -> stdout.add((text + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } else {
            stdout.add((text + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Session s = session;
        if (s != null) {
            s.demand();
        }
    }

    void closed() {
        finish(AgentProcess.KILLED);
    }

    private void finish(int code) {
        exit.complete(code);
        stdout.end();
        stderr.end();
    }

    @Override
    public boolean started() {
        return started;
    }

    /** Each line written (up to its newline) goes to the driver as one frame. */
    @Override
    public OutputStream stdin() {
        return new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) throws IOException {
                int from = off;
                for (int i = off; i < off + len; i++) {
                    if (b[i] == '\n') {
                        pending.write(b, from, i - from);
                        send(pending.toString(StandardCharsets.UTF_8));
                        pending.reset();
                        from = i + 1;
                    }
                }
                pending.write(b, from, off + len - from);
            }
        };
    }

    private void send(String line) throws IOException {
        Session s = session;
        if (s == null || exit.isDone()) {
            throw new IOException("the interpreter no longer takes input");
        }
        try {
            Callback.Completable.with(c -> s.sendText(line, c)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not write to the interpreter", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public OptionalInt waitFor(Duration timeout) throws InterruptedException {
        try {
            return OptionalInt.of(exit.get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return OptionalInt.empty();
        } catch (ExecutionException e) {
            return OptionalInt.of(AgentProcess.KILLED);
        }
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public void detach() {
        Session s = session;
        if (s != null) {
            s.close();
        }
        finish(AgentProcess.KILLED);
    }

    /** Ends the interpreter and its process tree, for every server. */
    @Override
    public void destroy() {
        client.deleteQuietly("/v1/interpreters/" + id);
        detach();
    }

    /** The channel's WebSocket listener; public only because Jetty invokes listeners through public method handles. */
    public static final class ChannelSocket implements Session.Listener {
        private final AgentInterpreter interpreter;

        ChannelSocket(AgentInterpreter interpreter) {
            this.interpreter = interpreter;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            interpreter.opened(session);
        }

        @Override
        public void onWebSocketText(String text) {
            interpreter.line(text);
        }

        @Override
        public void onWebSocketClose(int status, String reason, Callback callback) {
            interpreter.closed();
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            interpreter.closed();
        }
    }
}
