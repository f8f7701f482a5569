package io.codingit.sandbox.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import io.codingit.sandbox.spi.PortConnection;

/**
 * A relay WebSocket to {@code 127.0.0.1:<port>} inside the sandbox ({@code GET /v1/ports/{port}/relay}): raw bytes
 * as binary frames both ways, {@code {"type":"eof"}} for a half close. The app's bytes are handed to the receiver on
 * the socket's thread before the next frame is asked for, so a slow receiver holds the app back instead of
 * filling memory.
 */
final class AgentPortConnection implements PortConnection {
    private static final String EOF = "{\"type\":\"eof\"}";

    private final Receiver receiver;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Session session;

    AgentPortConnection(Receiver receiver) {
        this.receiver = receiver;
    }

    Session.Listener listener() {
        return new RelaySocket(this);
    }

    @Override
    public void send(byte[] data, int offset, int length) throws IOException {
        Session s = session;
        if (s == null || closed.get()) {
            throw new IOException("the connection to the sandbox's port is closed");
        }
        ByteBuffer frame = ByteBuffer.wrap(data, offset, length).slice();
        try {
            Callback.Completable.with(c -> s.sendBinary(frame, c)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not write to the sandbox's port", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void endOfInput() {
        Session s = session;
        if (s != null && !closed.get()) {
            s.sendText(EOF, Callback.NOOP);
        }
    }

    @Override
    public void close() {
        Session s = session;
        if (s != null) {
            s.close();
        }
        ended();
    }

    private void ended() {
        if (closed.compareAndSet(false, true)) {
            receiver.closed();
        }
    }

    /** The socket's listener; public only because Jetty invokes listeners through public method handles. */
    public static final class RelaySocket implements Session.Listener {
        private final AgentPortConnection connection;

        RelaySocket(AgentPortConnection connection) {
            this.connection = connection;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            connection.session = session;
            session.demand();
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            try {
                connection.receiver.data(payload);
                callback.succeed();
                connection.session.demand();
            } catch (IOException e) {
                callback.fail(e);
                connection.close(); // the receiver went away: the app's side goes too
            }
        }

        @Override
        public void onWebSocketText(String text) {
            if (text.contains("\"eof\"")) {
                connection.receiver.endOfData();
            }
            connection.session.demand();
        }

        @Override
        public void onWebSocketClose(int status, String reason, Callback callback) {
            connection.ended();
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            connection.ended();
        }
    }
}
