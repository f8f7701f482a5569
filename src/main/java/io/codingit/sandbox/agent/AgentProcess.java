package io.codingit.sandbox.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import io.codingit.sandbox.spi.NumberedOutput;
import io.codingit.sandbox.spi.TerminalProcess;
import tools.jackson.databind.JsonNode;

/**
 * A command the agent runs, with its streams carried by one attach WebSocket (docs/sandbox-protocol.md,
 * "Attach"). Reading from the socket pauses while more than {@link #HIGH_WATER} bytes wait unread, and
 * resumes below {@link #LOW_WATER}; the agent keeps {@link AgentClient#PROCESS_REPLAY_BYTES} meanwhile. A caller
 * that wants the output in the agent's order with its numbering takes it through {@link #receive} instead; it is
 * then handed over as it arrives, with no flow control (such a caller keeps a bounded buffer of its own).
 */
final class AgentProcess implements TerminalProcess, NumberedOutput {
    /** Exit code reported when the agent vanished before reporting one (the sandbox was killed). */
    static final int KILLED = 137;
    private static final long HIGH_WATER = 4L * 1024 * 1024;
    private static final long LOW_WATER = 1024 * 1024;

    private final AgentClient client;
    private final String id;
    private final StreamBuffer stdout = new StreamBuffer(this::consumed);
    private final StreamBuffer stderr = new StreamBuffer(this::consumed);
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final AtomicLong unread = new AtomicLong();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean stdinClosed = new AtomicBoolean();
    private volatile Session session;
    private Receiver receiver; // guarded by this

    AgentProcess(AgentClient client, String id) {
        this.client = client;
        this.id = id;
    }

    String id() {
        return id;
    }

    Session.Listener listener() {
        return new AttachSocket(this);
    }

    void opened(Session s) {
        session = s;
        s.demand();
    }

    void output(ByteBuffer payload) {
        if (payload.remaining() > 9) {
            byte channel = payload.get();
            long offset = payload.getLong(); // big-endian: the agent's number of the first payload byte
            byte[] data = new byte[payload.remaining()];
            payload.get(data);
            synchronized (this) {
                if (receiver != null) {
                    if (!exit.isDone()) {
                        receiver.output(channel == 2, offset, data);
                    }
                    session.demand();
                    return;
                }
                unread.addAndGet(data.length);
                (channel == 2 ? stderr : stdout).add(data, offset);
            }
        }
        demandUnlessFull();
    }

    @Override
    public synchronized void receive(Receiver target) {
        if (receiver != null) {
            throw new IllegalStateException("the output of command " + id + " already has a receiver");
        }
        List<StreamBuffer.Chunk> out = stdout.drain();
        List<StreamBuffer.Chunk> err = stderr.drain();
        long handed = 0;
        int o = 0;
        int e = 0;
        while (o < out.size() || e < err.size()) {
            boolean fromErr = o == out.size() || (e < err.size() && err.get(e).offset() < out.get(o).offset());
            StreamBuffer.Chunk chunk = fromErr ? err.get(e++) : out.get(o++);
            target.output(fromErr, chunk.offset(), chunk.data());
            handed += chunk.data().length;
        }
        receiver = target;
        consumed(handed);
    }

    void control(String text) {
        JsonNode frame = AgentClient.json().readTree(text);
        if ("exit".equals(frame.path("type").asString())) {
            finish(frame.path("exitCode").asInt(KILLED));
        }
        session.demand();
    }

    void closed() {
        finish(KILLED);
    }

    private void demandUnlessFull() {
        if (unread.get() < HIGH_WATER) {
            session.demand();
        } else {
            paused.set(true);
            if (unread.get() < LOW_WATER && paused.compareAndSet(true, false)) {
                session.demand();
            }
        }
    }

    private void consumed(long bytes) {
        if (unread.addAndGet(-bytes) < LOW_WATER && paused.compareAndSet(true, false)) {
            session.demand();
        }
    }

    private void finish(int code) {
        exit.complete(code);
        stdout.end();
        stderr.end();
    }

    @Override
    public OutputStream stdin() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (stdinClosed.get() || exit.isDone()) {
                    throw new IOException("the process no longer takes input");
                }
                ByteBuffer frame = ByteBuffer.allocate(len + 1);
                frame.put((byte) 0).put(b, off, len).flip();
                await(Callback.Completable.with(c -> session.sendBinary(frame, c)));
            }

            @Override
            public void close() throws IOException {
                if (stdinClosed.compareAndSet(false, true) && !exit.isDone()) {
                    await(Callback.Completable.with(c -> session.sendText("{\"type\":\"eof\"}", c)));
                }
            }
        };
    }

    private static void await(CompletableFuture<Void> sent) throws IOException {
        try {
            sent.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not write to the process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A resize frame on the attach socket (docs/sandbox-protocol.md); only for commands started on a terminal. */
    @Override
    public void resize(int cols, int rows) {
        Session s = session;
        if (s != null && !exit.isDone()) {
            s.sendText("{\"type\":\"resize\",\"cols\":" + cols + ",\"rows\":" + rows + "}", Callback.NOOP);
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
            return OptionalInt.of(KILLED);
        }
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    /** Kills the command and everything it started (the agent kills its cgroup), then forgets it. */
    @Override
    public void destroy() {
        client.deleteQuietly("/v1/commands/" + id);
        Session s = session;
        if (s != null) {
            s.close();
        }
        finish(KILLED);
    }
}
