package io.codingit.mcp.internal;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tool calls that are running, by session and request id, with what stops each one. A client's
 * {@code notifications/cancelled} for one of them runs its stop (interrupting the command or cell); the spec
 * lets the server then answer nothing useful, and the client ignores whatever comes.
 */
@Component
@Lazy
class InFlightCalls {
    private final Map<String, Runnable> running = new ConcurrentHashMap<>();

    /** Registers {@code stop} for the call until the returned handle is closed. */
    Registration register(McpCall call, Runnable stop) {
        if (call.sessionId() == null || call.requestId() == null) {
            return () -> { };
        }
        String key = call.inFlightKey();
        running.put(key, stop);
        return () -> running.remove(key, stop);
    }

    /** Stops the call if it is still running; true when there was one. */
    boolean cancel(String sessionId, String requestId) {
        Runnable stop = running.remove(McpCall.inFlightKey(sessionId, requestId));
        if (stop == null) {
            return false;
        }
        stop.run();
        return true;
    }

    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
