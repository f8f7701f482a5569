package io.codingit.preview.internal;

import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A listener on the host's loopback (random port) whose every connection is relayed to a port inside
 * one sandbox: per connection the server starts {@code port_relay.py} in the sandbox (as the sandbox
 * user, in its namespaces) and pumps bytes between the socket and the relay's pipes. The sandbox
 * keeps its private network namespace; nothing else on the host can reach the app except through this
 * listener, which only the proxy uses (it is bound to 127.0.0.1 and its port is not published).
 */
final class PortRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PortRelay.class);
    private static final String SOURCE = load();

    private final Sandbox sandbox;
    private final int sandboxPort;
    private final String python;
    private final ServerSocket listener;

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
                // the relay forwards writes as they come; Nagle would hold a response's second write for
                // the peer's delayed ACK (40 ms per request)
                client.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> relay(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        SandboxProcess process;
        try {
            process = sandbox.start(new Command(List.of(python, "-c", SOURCE, Integer.toString(sandboxPort)),
                    Sandbox.HOME, Map.of(), null));
        } catch (RuntimeException e) {
            log.debug("preview connection to sandbox {} refused: {}", sandbox.id(), e.getMessage());
            closeQuietly(client);
            return;
        }
        try (client; process) {
            Thread upstream = Thread.ofVirtual().start(() -> copy(client, process.stdin()));
            copyToSocket(process.stdout(), client);
            // the app's side is done: closing the socket also ends the upstream copy
            closeQuietly(client);
            upstream.join();
        } catch (IOException | InterruptedException e) {
            log.debug("preview connection to sandbox {} ended: {}", sandbox.id(), e.getMessage());
        }
    }

    /** Client to app; closing the relay's stdin at the end tells it the client has finished sending. */
    private static void copy(Socket from, OutputStream to) {
        try (OutputStream out = to) {
            pump(from.getInputStream(), out);
        } catch (IOException e) {
            // either side went away
        }
    }

    private static void copyToSocket(InputStream from, Socket to) throws IOException {
        pump(from, to.getOutputStream());
    }

    /** Copies as data comes, flushing every read (the process's stdin is buffered). */
    private static void pump(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[65536];
        int n;
        while ((n = from.read(buffer)) > 0) {
            to.write(buffer, 0, n);
            to.flush();
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
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
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
