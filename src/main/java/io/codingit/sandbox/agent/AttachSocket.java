package io.codingit.sandbox.agent;

import java.nio.ByteBuffer;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The WebSocket listener of an {@link AgentProcess}'s attach socket. Public only because Jetty invokes
 * listeners through public method handles; it has no use outside this package.
 */
public final class AttachSocket implements Session.Listener {
    private final AgentProcess process;

    AttachSocket(AgentProcess process) {
        this.process = process;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        process.opened(session);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        process.output(payload);
        callback.succeed();
    }

    @Override
    public void onWebSocketText(String text) {
        process.control(text);
    }

    @Override
    public void onWebSocketClose(int status, String reason, Callback callback) {
        process.closed();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        process.closed();
    }
}
