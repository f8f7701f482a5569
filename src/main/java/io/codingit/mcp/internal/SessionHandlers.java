package io.codingit.mcp.internal;

import io.modelcontextprotocol.server.McpNotificationHandler;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.DefaultMcpStreamableServerSessionFactory;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import reactor.core.publisher.Mono;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDK's servlet transport, with some of the server's handlers replaced before any session starts:
 * {@code resources/*} answer per user ({@link WorkspaceResources}) and {@code notifications/cancelled} stops the
 * call it names ({@link InFlightCalls}); SDK 2.2.0's server has no per-user resources and ignores
 * cancellations. The SDK offers no hook for either, so the handler maps of its session factory are replaced
 * once, here, by reflection; {@code McpServerTest} fails if a new SDK version moves them.
 */
final class SessionHandlers implements McpStreamableServerTransportProvider {
    private final HttpServletStreamableServerTransportProvider transport;
    private final Map<String, McpRequestHandler<?>> requestOverrides;
    private final Map<String, McpNotificationHandler> notificationOverrides;

    SessionHandlers(HttpServletStreamableServerTransportProvider transport,
                    Map<String, McpRequestHandler<?>> requestOverrides,
                    Map<String, McpNotificationHandler> notificationOverrides) {
        this.transport = transport;
        this.requestOverrides = requestOverrides;
        this.notificationOverrides = notificationOverrides;
    }

    HttpServletStreamableServerTransportProvider transport() {
        return transport;
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory factory) {
        if (!(factory instanceof DefaultMcpStreamableServerSessionFactory defaults)) {
            throw new IllegalStateException("unexpected MCP session factory " + factory.getClass().getName());
        }
        override(defaults, "requestHandlers", requestOverrides);
        override(defaults, "notificationHandlers", notificationOverrides);
        transport.setSessionFactory(factory);
    }

    @SuppressWarnings("unchecked")
    private static <T> void override(DefaultMcpStreamableServerSessionFactory factory, String fieldName,
                                     Map<String, T> overrides) {
        try {
            Field field = DefaultMcpStreamableServerSessionFactory.class.getDeclaredField(fieldName);
            field.setAccessible(true);
            Map<String, T> handlers = new HashMap<>((Map<String, T>) field.get(factory));
            handlers.putAll(overrides);
            field.set(factory, Map.copyOf(handlers));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the MCP SDK's session factory has no field " + fieldName, e);
        }
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return transport.notifyClients(method, params);
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return transport.notifyClient(sessionId, method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return transport.closeGracefully();
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public List<String> protocolVersions() {
        return transport.protocolVersions();
    }
}
