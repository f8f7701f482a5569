package io.codingit.preview.internal;

import io.codingit.sandbox.spi.PortConnection;
import io.codingit.sandbox.spi.Sandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A listener on the host's loopback (random port) whose every connection is carried to a port inside one
 * sandbox by the sandbox's agent: one relay WebSocket per connection ({@code Sandbox.connect},
 * docs/sandbox-protocol.md "Ports"), so any server reaches the app the same way and nothing is started in the
 * sandbox for it. The sandbox keeps its private network namespace; nothing else on the host can reach the app
 * except through this listener, which only the proxy uses (it is bound to 127.0.0.1 and its port is not
 * published). The app's bytes are written to the client on the relay socket's thread, so a client that stops
 * reading holds back only its own connection.
 */
final class PortRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PortRelay.class);

    private final Sandbox sandbox;
    private final int sandboxPort;
    private final ServerSocket listener;
    private final Map<Socket, PortConnection> connections = new ConcurrentHashMap<>();

    PortRelay(Sandbox sandbox, int sandboxPort) {
        this.sandbox = sandbox;
        this.sandboxPort = sandboxPort;
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
        PortConnection app;
        try {
            app = sandbox.connect(sandboxPort, new ToClient(client));
        } catch (RuntimeException e) {
            log.debug("preview connection to sandbox {} refused: {}", sandbox.id(), e.getMessage());
            closeQuietly(client);
            return;
        }
        connections.put(client, app);
        if (listener.isClosed()) {
            app.close();
            return;
        }
        try {
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                app.send(buffer, 0, n);
            }
            app.endOfInput();
        } catch (IOException e) {
            log.debug("preview connection to sandbox {} ended: {}", sandbox.id(), e.getMessage());
            app.close();
        }
    }

    /** The app's side of one connection: its bytes to the client socket, its end to the socket's. */
    private final class ToClient implements PortConnection.Receiver {
        private final Socket client;
        private final OutputStream out;

        ToClient(Socket client) {
            this.client = client;
            try {
                this.out = client.getOutputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void data(ByteBuffer bytes) throws IOException {
            if (bytes.hasArray()) {
                out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            } else {
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                out.write(copy);
            }
        }

        @Override
        public void endOfData() {
            try {
                client.shutdownOutput();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void closed() {
            connections.remove(client);
            closeQuietly(client);
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
        connections.values().forEach(PortConnection::close);
        connections.keySet().forEach(PortRelay::closeQuietly);
        connections.clear();
    }
}
