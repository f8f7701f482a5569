package io.codingit.mcp.internal;

import io.codingit.mcp.McpProperties;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpNotificationHandler;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MCP server: the SDK's synchronous server over its Streamable HTTP servlet transport, which
 * {@link McpEndpoint} drives from Spring MVC. Handlers run on the request's own (virtual) thread
 * ({@code immediateExecution}), so a tool call is plain blocking code like a controller.
 */
@Configuration
@Lazy
class McpServerConfiguration {
    static final String ENDPOINT = "/mcp";

    @Bean
    McpJsonMapper mcpJsonMapper(JsonMapper json) {
        SimpleModule transportErrors = new SimpleModule("mcp-transport-errors")
                .addSerializer(McpError.class, new TransportErrorSerializer());
        return new JacksonMcpJsonMapper(json.rebuild().addModule(transportErrors).build());
    }

    @Bean
    List<Tool> mcpTools(SandboxTools sandboxTools, WorkspaceTools workspaceTools, EditTool editTool,
                        GitHubAndTaskTools gitHubAndTaskTools) {
        List<Tool> tools = new ArrayList<>(sandboxTools.tools());
        tools.addAll(workspaceTools.tools());
        tools.add(editTool.tool());
        tools.addAll(gitHubAndTaskTools.tools());
        return List.copyOf(tools);
    }

    @Bean
    SessionHandlers mcpTransport(McpJsonMapper json, McpProperties properties, WorkspaceResources resources,
                                 InFlightCalls inFlight, ToolSpecifications specs, List<Tool> mcpTools) {
        HttpServletStreamableServerTransportProvider servlet = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint(ENDPOINT)
                .keepAliveInterval(properties.keepAlive().isZero() ? null : properties.keepAlive())
                .maxRequestSize((int) properties.maxMessageSize().toBytes())
                .contextExtractor(request -> {
                    Object call = request.getAttribute(McpCall.KEY);
                    return call instanceof McpCall mcpCall ? mcpCall.toContext()
                            : McpTransportContext.EMPTY;
                })
                .build();
        McpNotificationHandler cancelled = (exchange, params) -> {
            Object requestId = params instanceof Map<?, ?> map ? map.get("requestId") : null;
            if (requestId != null) {
                inFlight.cancel(exchange.sessionId(), String.valueOf(requestId));
            }
            return Mono.empty();
        };
        Map<String, McpRequestHandler<?>> requests = new HashMap<>(resources.handlers());
        requests.put(McpSchema.METHOD_TOOLS_CALL, specs.callHandler(mcpTools, json));
        SessionHandlers transport = new SessionHandlers(servlet, requests,
                Map.of("notifications/cancelled", cancelled));
        resources.notifyThrough(transport);
        return transport;
    }

    @Bean(destroyMethod = "close")
    McpSyncServer mcpServer(SessionHandlers transport, McpJsonMapper json, ToolSpecifications specs,
                            List<Tool> mcpTools) {
        return McpServer.sync(transport)
                .serverInfo("codingit", "1")
                .instructions("CodingIT: isolated sandboxes (run Python cells and shell commands, read and write "
                        + "files, preview web apps), your workspace files (also as file:/// resources), the lazy-edit "
                        + "apply engine (apply_edit), GitHub repositories and background coding tasks.")
                .jsonMapper(json)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(true, false).build())
                .immediateExecution(true)
                .validateToolInputs(false)
                .tools(specs.of(mcpTools))
                .build();
    }
}
