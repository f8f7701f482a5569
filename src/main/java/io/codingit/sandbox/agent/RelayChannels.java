package io.codingit.sandbox.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import io.codingit.sandbox.spi.PortConnection;

/**
 * One agent's relay channels ({@code GET /v1/ports/{port}/channel}, docs/sandbox-protocol.md "Ports"), kept open
 * and reused: each carries one connection to the port at a time, and goes back to the idle ones when the agent says
 * that connection is {@code closed}. A new connection to an app therefore costs one {@code connect} frame instead of
 * a WebSocket handshake (a signed upgrade over a new socket, a few milliseconds); a channel is opened only when no
 * idle one is left. Each channel was authenticated with the sandbox's secret when it was opened, and only this
 * server holds it. At most {@link #MAX_IDLE} idle channels are kept per port; the rest are closed.
 */
final class RelayChannels {
    static final int MAX_IDLE = 4;
    private static final String CONNECT = "{\"type\":\"connect\"}";
    private static final String EOF = "{\"type\":\"eof\"}";
    private static final String CLOSE = "{\"type\":\"close\"}";

    /** Opens a channel's WebSocket to a port (the signed upgrade); the listener gets the session. */
    interface Opener {
        Session open(int port, Session.Listener listener);
    }

    private final Opener opener;
    private final Map<Integer, Deque<Channel>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    RelayChannels(Opener opener) {
        this.opener = opener;
    }

    /** A connection to the port, on an idle channel when there is one; the agent dials the app when it gets it. */
    PortConnection connect(int port, PortConnection.Receiver receiver) {
        Channel idleOne = takeIdle(port);
        if (idleOne != null) {
            try {
                return idleOne.begin(receiver);
            } catch (IllegalStateException e) {
                // it closed meanwhile: a new one
            }
        }
        Channel channel = new Channel(port);
        channel.opened(opener.open(port, channel));
        return channel.begin(receiver);
    }

    private Channel takeIdle(int port) {
        Deque<Channel> channels = idle.get(port);
        Channel channel;
        while (channels != null && (channel = channels.pollFirst()) != null) {
            if (channel.isOpen()) {
                return channel;
            }
        }
        return null;
    }

    private void becameIdle(Channel channel) {
        Deque<Channel> channels = idle.computeIfAbsent(channel.port, p -> new ConcurrentLinkedDeque<>());
        if (closed || channels.size() >= MAX_IDLE) {
            channel.closeSession();
            return;
        }
        channels.addFirst(channel); // the most recently used first (its socket buffers are the warmest)
        if (closed && channels.remove(channel)) {
            channel.closeSession();
        }
    }

    /** Closes the idle channels and every one that becomes idle later (the sandbox is gone, or this client). */
    void close() {
        closed = true;
        idle.values().forEach(channels -> {
            Channel channel;
            while ((channel = channels.pollFirst()) != null) {
                channel.closeSession();
            }
        });
    }

    /** One WebSocket; {@link #current} is the connection it carries, null while idle. */
    public final class Channel implements Session.Listener {
        private final int port;
        private volatile Session session;
        private volatile Connection current;
        private volatile boolean open = true;

        Channel(int port) {
            this.port = port;
        }

        boolean isOpen() {
            Session s = session;
            return open && s != null && s.isOpen();
        }

        void opened(Session session) {
            if (this.session == null) {
                this.session = session;
            }
        }

        PortConnection begin(PortConnection.Receiver receiver) {
            Connection connection = new Connection(this, receiver);
            synchronized (this) {
                current = connection;
            }
            try {
                connection.await(c -> session.sendText(CONNECT, c));
            } catch (IOException e) {
                current = null;
                closeSession();
                throw new IllegalStateException("could not open a connection to the sandbox's port", e);
            }
            return connection;
        }

        void closeSession() {
            open = false;
            Session s = session;
            if (s != null) {
                s.close();
            }
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            session.demand();
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            Connection connection = current;
            if (connection != null && !connection.ended.get()) {
                try {
                    connection.receiver.data(payload);
                } catch (IOException e) {
                    connection.close(); // the receiver went away: the app's side goes too
                }
            }
            callback.succeed();
            session.demand();
        }

        @Override
        public void onWebSocketText(String text) {
            Connection connection = current;
            if (text.contains("\"closed\"")) {
                synchronized (this) {
                    current = null;
                }
                if (connection != null) {
                    connection.ended();
                }
                becameIdle(this);
            } else if (text.contains("\"eof\"") && connection != null && !connection.ended.get()) {
                connection.receiver.endOfData();
            }
            session.demand();
        }

        @Override
        public void onWebSocketClose(int status, String reason, Callback callback) {
            gone();
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            gone();
        }

        private void gone() {
            open = false;
            Deque<Channel> channels = idle.get(port);
            if (channels != null) {
                channels.remove(this);
            }
            Connection connection = current;
            current = null;
            if (connection != null) {
                connection.ended();
            }
        }
    }

    /** One connection to the app, carried by a channel until the agent's {@code closed} (or the channel's end). */
    private static final class Connection implements PortConnection {
        private final Channel channel;
        private final Receiver receiver;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicBoolean inputEnded = new AtomicBoolean();

        Connection(Channel channel, Receiver receiver) {
            this.channel = channel;
            this.receiver = receiver;
        }

        @Override
        public void send(byte[] data, int offset, int length) throws IOException {
            if (ended.get() || inputEnded.get()) {
                throw new IOException("the connection to the sandbox's port is closed");
            }
            ByteBuffer frame = ByteBuffer.wrap(data, offset, length).slice();
            await(c -> channel.session.sendBinary(frame, c));
        }

        @Override
        public void endOfInput() {
            if (!ended.get() && inputEnded.compareAndSet(false, true)) {
                channel.session.sendText(EOF, Callback.NOOP);
            }
        }

        /**
         * Ends the connection at once; the channel is reused once the agent answers {@code closed}. Only while this is
         * still the channel's connection: after the agent's {@code closed} the channel may carry another one already.
         */
        @Override
        public void close() {
            inputEnded.set(true);
            synchronized (channel) {
                Session s = channel.session;
                if (channel.current == this && !ended.get() && s != null && s.isOpen()) {
                    s.sendText(CLOSE, Callback.NOOP);
                }
            }
            ended();
        }

        void ended() {
            if (ended.compareAndSet(false, true)) {
                receiver.closed();
            }
        }

        void await(java.util.function.Consumer<Callback.Completable> send) throws IOException {
            try {
                Callback.Completable.with(send).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("could not write to the sandbox's port", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
