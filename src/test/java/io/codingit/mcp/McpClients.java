package io.codingit.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** The MCP Java SDK's own client against a test server, authenticated with a user's bearer token. */
final class McpClients {
    private McpClients() {
    }

    static McpSyncClient connect(int port, String token) {
        return connect(port, token, n -> { }, r -> { });
    }

    static McpSyncClient connect(int port, String token, Consumer<McpSchema.ProgressNotification> progress,
                                 Consumer<List<McpSchema.ResourceContents>> updates) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + port)
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(JsonMapper.builder().build()))
                .httpRequestCustomizer((builder, method, uri, body, context) ->
                        builder.header("Authorization", "Bearer " + token))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(90))
                .progressConsumer(progress).resourcesUpdateConsumer(updates)
                .clientInfo(new McpSchema.Implementation("codingit-test", "1")).build();
        client.initialize();
        return client;
    }
}
