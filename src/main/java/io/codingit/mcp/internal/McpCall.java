package io.codingit.mcp.internal;

import io.codingit.auth.AuthenticatedUser;
import io.modelcontextprotocol.common.McpTransportContext;

import java.util.HashMap;
import java.util.Map;

/**
 * What one HTTP request to {@code /mcp} carries for the handlers: the caller (from the bearer token of this very
 * request, never from the session) and, for a JSON-RPC request, its id, so that a later
 * {@code notifications/cancelled} can find it.
 */
record McpCall(AuthenticatedUser user, String sessionId, String requestId) {
    static final String KEY = McpCall.class.getName();

    McpTransportContext toContext() {
        Map<String, Object> values = new HashMap<>();
        values.put(KEY, this);
        return McpTransportContext.create(values);
    }

    static McpCall of(McpTransportContext context) {
        Object call = context == null ? null : context.get(KEY);
        if (!(call instanceof McpCall mcpCall)) {
            // every request passes the controller, which sets it; a handler without it is a wiring bug
            throw new IllegalStateException("an MCP handler ran without its request's caller");
        }
        return mcpCall;
    }

    /** The key of an in-flight request of a session, as cancellation names it. */
    String inFlightKey() {
        return inFlightKey(sessionId, requestId);
    }

    static String inFlightKey(String sessionId, String requestId) {
        return sessionId + " " + requestId;
    }
}
