package io.codingit.mcp.internal;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * The body of an HTTP error that the SDK's transport answers itself (a message without its session, a bad
 * Accept header, JSON that is not JSON-RPC). The SDK writes the {@link McpError} exception object as it is,
 * which puts its stack trace, with our class and library names, in the body. Written instead as the JSON-RPC
 * error response the MCP transport specification asks for: {@code {"jsonrpc":"2.0","id":null,"error":{"code",
 * "message"}}}.
 */
final class TransportErrorSerializer extends ValueSerializer<McpError> {
    @Override
    public void serialize(McpError value, JsonGenerator gen, SerializationContext context) {
        JSONRPCError error = value.getJsonRpcError();
        gen.writeStartObject();
        gen.writeStringProperty("jsonrpc", "2.0");
        gen.writeNullProperty("id");
        gen.writeName("error");
        gen.writeStartObject();
        gen.writeNumberProperty("code", error != null && error.code() != null ? error.code() : -32600);
        gen.writeStringProperty("message", error != null && error.message() != null ? error.message()
                : "Invalid request");
        gen.writeEndObject();
        gen.writeEndObject();
    }
}
