package io.codingit.mcp.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.codingit.auth.AuthenticatedUser;
import io.codingit.common.DomainException.Kind;
import io.codingit.mcp.McpException;
import io.codingit.mcp.McpProperties;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.context.annotation.Lazy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code /mcp}: the Streamable HTTP endpoint (spec 2025-11-25), served by the SDK's transport from Spring MVC so
 * that it passes our filters, authentication and rate limiting like any route. Before the transport sees a
 * message this checks its size (413) and that the session belongs to the caller (another user's session, or
 * one this server forgot, is 404, and the client starts a new one), and it records the caller and the JSON-RPC
 * id for the handlers.
 */
@RestController
@Lazy
@RateLimited(RateLimitGroup.MCP)
@Tag(name = "MCP", description = "Model Context Protocol server (docs/mcp.md): tools for sandboxes, files, edits, "
        + "GitHub and tasks; workspace files as resources")
class McpEndpoint {
    private final SessionHandlers transport;
    private final WorkspaceResources resources;
    private final JsonMapper json;
    private final long maxMessageBytes;
    /** session id → the user who opened it. */
    private final Cache<String, String> owners;

    /**
     * Takes the server (unused here) so that the first request builds it: the SDK's server registers itself as
     * the transport's session factory, and like every bean of this feature it is {@code @Lazy}, made by the
     * first {@code /mcp} request instead of at start-up (the SDK, Reactor and the JSON-schema validator are
     * ~700 classes; docs/memory.md).
     */
    McpEndpoint(SessionHandlers transport, McpSyncServer server, WorkspaceResources resources, JsonMapper json,
                McpProperties properties) {
        this.transport = transport;
        this.resources = resources;
        this.json = json;
        this.maxMessageBytes = properties.maxMessageSize().toBytes();
        this.owners = Caffeine.newBuilder().expireAfterAccess(properties.sessionIdleTime())
                .<String, String>removalListener((session, owner, cause) -> resources.forget(session)).build();
    }

    @PostMapping(McpServerConfiguration.ENDPOINT)
    @Operation(summary = "Send one JSON-RPC message (MCP Streamable HTTP)",
            description = "Body: a JSON-RPC request, notification or response. Accept: application/json, "
                    + "text/event-stream. Answers JSON or an event stream (progress notifications, then the "
                    + "result); initialize answers the Mcp-Session-Id header that later messages carry. 404 for an "
                    + "unknown session, 413 for a message over codingit.mcp.max-message-size.")
    void post(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request,
              HttpServletResponse response) throws IOException, ServletException {
        byte[] body = readBounded(request);
        JsonNode message = parse(body);
        String sessionId = request.getHeader(HttpHeaders.MCP_SESSION_ID);
        if (sessionId != null) {
            requireOwnSession(user, sessionId);
        }
        String requestId = message != null && message.hasNonNull("id") ? message.get("id").asString() : null;
        request.setAttribute(McpCall.KEY, new McpCall(user, sessionId, requestId));
        HttpServletResponse answer = sessionId == null ? new SessionOwnerRecorder(response, user.id()) : response;
        transport.transport().service(new CachedBodyRequest(request, body), answer);
    }

    /**
     * Records the owner of a session as initialize sets its id header, before the answer can reach the client:
     * a client sends its next message as soon as it reads that answer, and a session recorded only after
     * {@code service} returned was, in that gap, "not found".
     */
    private final class SessionOwnerRecorder extends HttpServletResponseWrapper {
        private final String userId;

        SessionOwnerRecorder(HttpServletResponse response, String userId) {
            super(response);
            this.userId = userId;
        }

        @Override
        public void setHeader(String name, String value) {
            record(name, value);
            super.setHeader(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            record(name, value);
            super.addHeader(name, value);
        }

        private void record(String name, String value) {
            if (HttpHeaders.MCP_SESSION_ID.equalsIgnoreCase(name) && value != null) {
                owners.put(value, userId);
            }
        }
    }

    @GetMapping(McpServerConfiguration.ENDPOINT)
    @Operation(summary = "Open the session's stream of server messages (MCP Streamable HTTP)",
            description = "Accept: text/event-stream, with the Mcp-Session-Id header. Resource updates and other "
                    + "notifications arrive here.")
    void stream(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request,
                HttpServletResponse response) throws IOException, ServletException {
        passThrough(user, request, response);
    }

    @DeleteMapping(McpServerConfiguration.ENDPOINT)
    @Operation(summary = "End a session (MCP Streamable HTTP)", description = "With the Mcp-Session-Id header.")
    void delete(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request,
                HttpServletResponse response) throws IOException, ServletException {
        String sessionId = passThrough(user, request, response);
        if (sessionId != null) {
            owners.invalidate(sessionId);
        }
    }

    private String passThrough(AuthenticatedUser user, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String sessionId = request.getHeader(HttpHeaders.MCP_SESSION_ID);
        if (sessionId != null) {
            requireOwnSession(user, sessionId);
        }
        request.setAttribute(McpCall.KEY, new McpCall(user, sessionId, null));
        transport.transport().service(request, response);
        return sessionId;
    }

    private void requireOwnSession(AuthenticatedUser user, String sessionId) {
        String owner = owners.getIfPresent(sessionId);
        if (owner == null || !owner.equals(user.id())) {
            throw new McpException(Kind.NOT_FOUND, "Session not found; initialize a new one");
        }
    }

    private byte[] readBounded(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxMessageBytes) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) maxMessageBytes + 1);
            if (body.length > maxMessageBytes) {
                throw tooLarge();
            }
            return body;
        }
    }

    private McpException tooLarge() {
        return new McpException(Kind.TOO_LARGE, "The message is larger than " + maxMessageBytes + " bytes");
    }

    /** The message, or null when it is not JSON (the transport then answers the parse error). */
    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }
}
