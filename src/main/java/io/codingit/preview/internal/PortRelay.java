package io.codingit.preview.internal;

import io.codingit.common.PipeReaders;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener on the host's loopback (random port) whose every connection is relayed to a port inside
 * one sandbox through <b>one resident relay process</b> ({@code port_relay.py}, started in the sandbox
 * as the sandbox user at the first connection and kept until the preview stops or the sandbox dies).
 * Connections are multiplexed over the process's stdin/stdout in small frames (see the script), so a
 * new connection costs a frame, not a process start. The sandbox keeps its private network namespace;
 * nothing else on the host can reach the app except through this listener, which only the proxy uses
 * (it is bound to 127.0.0.1 and its port is not published).
 *
 * <p>Writes towards a client socket happen on the one thread that reads the relay's output, so a client
 * that stops reading stalls the other connections of the same preview (one user's dev preview; the
 * proxy in front reads promptly). Each side keeps at most the pipe's and socket's buffers in flight.
 */
final class PortRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PortRelay.class);
    private static final String SOURCE = load();
    /** Marks the relay's command line, so a test can tell that none is left behind. */
    static final String MARKER_PREFIX = "codingit-preview-relay:";
    private static final byte OPEN = 1;
    private static final byte DATA = 2;
    private static final byte EOF = 3;
    private static final byte CLOSE = 4;

    private final Sandbox sandbox;
    private final int sandboxPort;
    private final String python;
    private final ServerSocket listener;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, Socket> connections = new ConcurrentHashMap<>();
    /** Frames of different connections must not interleave on the relay's stdin. */
    private final Object writeLock = new Object();
    private volatile SandboxProcess process;
    private volatile OutputStream toRelay;

    PortRelay(Sandbox sandbox, int sandboxPort, String python) {
        this.sandbox = sandbox;
        this.sandboxPort = sandboxPort;
        this.python = python;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on the loopback for a preview", e);
        }
        Thread.ofVirtual().name("preview-relay-" + sandbox.id()).start(this::acceptLoop);
    }

    int hostPort() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                // frames go out as they come; Nagle would hold a response's second write for the peer's delayed ACK
                client.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> relay(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        int id = ids.incrementAndGet();
        connections.put(id, client);
        try {
            ensureProcess();
            send(OPEN, id, null, 0);
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                send(DATA, id, buffer, n);
            }
            if (connections.containsKey(id)) {
                send(EOF, id, null, 0);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("preview connection to sandbox {} ended: {}", sandbox.id(), e.getMessage());
            if (connections.remove(id) != null) {
                closeQuietly(client);
                trySend(CLOSE, id);
            }
        }
    }

    /** Starts the resident relay at the first connection, and again if it died while the sandbox lives. */
    private synchronized void ensureProcess() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        if (listener.isClosed()) {
            throw new IOException("the preview was stopped");
        }
        SandboxProcess started = sandbox.start(new Command(List.of(python, "-c", SOURCE,
                Integer.toString(sandboxPort), MARKER_PREFIX + sandbox.id()), Sandbox.HOME, Map.of(), null));
        process = started;
        toRelay = started.stdin();
        PipeReaders.start("preview-relay-out-" + sandbox.id(), () -> demultiplex(started));
        PipeReaders.start("preview-relay-err-" + sandbox.id(), () -> discard(started.stderr()));
    }

    private void send(byte type, int id, byte[] data, int length) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(9).put(type).putInt(id).putInt(length);
        synchronized (writeLock) {
            OutputStream out = toRelay;
            if (out == null) {
                throw new IOException("the relay is not running");
            }
            out.write(header.array());
            if (length > 0) {
                out.write(data, 0, length);
            }
            out.flush();
        }
    }

    private void trySend(byte type, int id) {
        try {
            send(type, id, null, 0);
        } catch (IOException e) {
            // the relay is gone, and with it the connection
        }
    }

    /** The relay's output: each frame's bytes go to its client socket. */
    private void demultiplex(SandboxProcess relay) {
        DataInputStream in = new DataInputStream(relay.stdout());
        byte[] buffer = new byte[65536];
        try {
            while (true) {
                byte type = in.readByte();
                int id = in.readInt();
                int length = in.readInt();
                if (length < 0 || length > buffer.length) {
                    throw new IOException("malformed frame from the relay (length " + length + ")");
                }
                in.readFully(buffer, 0, length);
                Socket client = connections.get(id);
                if (client == null) {
                    continue;
                }
                if (type == DATA) {
                    try {
                        client.getOutputStream().write(buffer, 0, length);
                    } catch (IOException e) {
                        // the client went away: tell the relay to drop the app's side too
                        connections.remove(id);
                        closeQuietly(client);
                        trySend(CLOSE, id);
                    }
                } else if (type == CLOSE) {
                    connections.remove(id);
                    closeQuietly(client);
                }
            }
        } catch (EOFException e) {
            // the relay exited (the preview stopped or the sandbox died)
        } catch (IOException e) {
            log.debug("preview relay of sandbox {} failed: {}", sandbox.id(), e.getMessage());
        } finally {
            relay.destroy();
            // whatever was carried by this relay is over
            connections.values().forEach(PortRelay::closeQuietly);
            connections.clear();
        }
    }

    private static void discard(InputStream in) {
        try (in) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the relay exited
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public synchronized void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        if (process != null) {
            process.destroy();
        }
        connections.values().forEach(PortRelay::closeQuietly);
        connections.clear();
    }

    private static String load() {
        try (InputStream in = PortRelay.class.getResourceAsStream("/io/codingit/preview/port_relay.py")) {
            if (in == null) {
                throw new IllegalStateException("port_relay.py is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
