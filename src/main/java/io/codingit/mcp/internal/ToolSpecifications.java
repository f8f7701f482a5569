package io.codingit.mcp.internal;

import io.codingit.common.DomainException;
import io.codingit.mcp.McpProperties;
import io.codingit.ratelimit.RateLimitDecision;
import io.codingit.ratelimit.RateLimiter;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns our {@link Tool}s into the SDK's specifications, with what every call shares: the caller from the
 * request, the rate-limit group of the route the tool stands for, argument checks, and errors. A feature's
 * refusal ({@link DomainException}: not found, invalid path, an edit that cannot be placed...) is a tool error
 * carrying its message, so the model can read it and act; an unexpected failure is a JSON-RPC internal error
 * with a generic message.
 */
@Component
@Lazy
class ToolSpecifications {
    private static final Logger log = LoggerFactory.getLogger(ToolSpecifications.class);

    private final RateLimiter rateLimiter;
    private final InFlightCalls inFlight;
    private final JsonMapper json;
    private final McpProperties properties;

    ToolSpecifications(RateLimiter rateLimiter, InFlightCalls inFlight, JsonMapper json, McpProperties properties) {
        this.rateLimiter = rateLimiter;
        this.inFlight = inFlight;
        this.json = json;
        this.properties = properties;
    }

    List<SyncToolSpecification> of(List<Tool> tools) {
        return tools.stream().map(this::specification).toList();
    }

    private SyncToolSpecification specification(Tool tool) {
        McpSchema.Tool described = McpSchema.Tool.builder().name(tool.name()).description(tool.description())
                .inputSchema(tool.inputSchema())
                .annotations(new McpSchema.ToolAnnotations(null, tool.readOnly(), null, null, false, null))
                .build();
        return new SyncToolSpecification(described, (exchange, request) -> call(tool, exchange, request));
    }

    /**
     * The {@code tools/call} handler that replaces the SDK's ({@link SessionHandlers}): the SDK turns every
     * exception of a tool, and an unknown tool, into a tool result; ours answers those with JSON-RPC errors
     * naming the tool or argument, and leaves tool results to the tools' own refusals.
     */
    McpRequestHandler<CallToolResult> callHandler(List<Tool> tools, McpJsonMapper mapper) {
        Map<String, Tool> byName = new LinkedHashMap<>();
        tools.forEach(t -> byName.put(t.name(), t));
        return (exchange, params) -> Mono.fromCallable(() -> {
            McpSchema.CallToolRequest request = mapper.convertValue(params, McpSchema.CallToolRequest.class);
            Tool tool = byName.get(request.name());
            if (tool == null) {
                throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("Unknown tool '" + request.name()
                        + "'; tools/list names the tools").build();
            }
            return call(tool, new McpSyncServerExchange(exchange), request);
        });
    }

    private CallToolResult call(Tool tool, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        McpCall call = McpCall.of(exchange.transportContext());
        Arguments arguments = new Arguments(tool.name(), request.arguments(), tool.argumentNames());
        RateLimitDecision decision = rateLimiter.tryConsume(tool.budget(), "user:" + call.user().id());
        if (!decision.allowed()) {
            return error("Rate limit of the '" + tool.budget().key() + "' budget exceeded; retry after "
                    + Math.max(1, decision.retryAfter().toSeconds()) + " s", "rate_limited");
        }
        Object progressToken = request.meta() == null ? null : request.meta().get("progressToken");
        ToolContext context = new ToolContext(exchange, call, arguments, progressToken, inFlight,
                properties.progressInterval());
        try {
            Object result = tool.body().call(context);
            return result instanceof CallToolResult r ? r : structured(result);
        } catch (DomainException e) {
            return error(e.getMessage(), e.code());
        } catch (McpError | ToolContext.CallCancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("MCP tool {} failed", tool.name(), e);
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(tool.name() + " failed unexpectedly")
                    .build();
        }
    }

    /** The value as structured content, and the same JSON as text for clients that read only text. */
    CallToolResult structured(Object value) {
        Map<String, Object> map = asMap(value);
        return CallToolResult.builder().structuredContent(map).addTextContent(json.writeValueAsString(map)).build();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> asMap(Object value) {
        return json.convertValue(value, LinkedHashMap.class);
    }

    static CallToolResult error(String message, String code) {
        return CallToolResult.builder().isError(true).addTextContent(message)
                .structuredContent(Map.of("error", message, "code", code)).build();
    }
}
