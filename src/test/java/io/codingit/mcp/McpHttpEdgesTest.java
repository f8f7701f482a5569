package io.codingit.mcp;

import io.codingit.support.IntegrationTest;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /mcp at the HTTP level: authentication, metadata, sizes, sessions; and sandboxes across users. */
@IntegrationTest
class McpHttpEdgesTest {
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    @LocalServerPort
    int port;

    private TestApi api(String token) {
        return new TestApi(port).as(token).withHeader("Accept", "application/json, text/event-stream");
    }

    @Test
    void withoutATokenIs401PointingAtTheResourceMetadata() {
        TestApi.Response r = new TestApi(port).withHeader("Accept", "application/json, text/event-stream")
                .post("/mcp", INITIALIZE);
        assertThat(r.status()).isEqualTo(401);
        String challenge = r.header("WWW-Authenticate");
        assertThat(challenge).startsWith("Bearer").contains("resource_metadata=\"http://127.0.0.1:" + port
                + "/.well-known/oauth-protected-resource\"");

        JsonNode metadata = new TestApi(port).get("/.well-known/oauth-protected-resource").json();
        assertThat(metadata.get("resource").asString()).isEqualTo("http://127.0.0.1:" + port + "/mcp");
        assertThat(metadata.get("authorization_servers").get(0).asString()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(metadata.get("bearer_methods_supported").get(0).asString()).isEqualTo("header");
        assertThat(new TestApi(port).get("/.well-known/oauth-protected-resource/mcp").status()).isEqualTo(200);
    }

    @Test
    void anOversizedMessageIs413() {
        String token = TestUsers.signUp(new TestApi(port)).accessToken();
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(5 * 1024 * 1024)
                + "\"}}";
        TestApi.Response r = api(token).post("/mcp", huge);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("error").asBoolean()).isTrue();
    }

    @Test
    void aMessageWithoutItsSessionIsAnErrorAndAnotherUsersSessionIs404() {
        SignedUpUser alice = TestUsers.signUp(new TestApi(port));
        SignedUpUser bob = TestUsers.signUp(new TestApi(port));
        TestApi.Response init = api(alice.accessToken()).post("/mcp", INITIALIZE);
        assertThat(init.status()).isEqualTo(200);
        String session = init.header("Mcp-Session-Id");
        assertThat(session).isNotBlank();

        String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
        TestApi.Response noSession = api(alice.accessToken()).post("/mcp", list);
        assertThat(noSession.status()).isBetween(400, 499);
        assertThat(noSession.body()).containsIgnoringCase("session");
        assertThat(noSession.body()).doesNotContain("stackTrace", "io.modelcontextprotocol", "Exception");
        JsonNode error = noSession.json();
        assertThat(error.get("jsonrpc").asString()).isEqualTo("2.0");
        assertThat(error.get("error").get("message").asString()).containsIgnoringCase("session");
        assertThat(error.get("error").get("code").isNumber()).isTrue();

        TestApi.Response stolen = api(bob.accessToken()).withHeader("Mcp-Session-Id", session)
                .withHeader("MCP-Protocol-Version", "2025-11-25").post("/mcp", list);
        assertThat(stolen.status()).isEqualTo(404);
        assertThat(stolen.body()).doesNotContain("run_code");
    }

    @Test
    void anotherUsersSandboxIsNotFoundLikeAMissingOne() {
        SignedUpUser alice = TestUsers.signUp(new TestApi(port));
        SignedUpUser bob = TestUsers.signUp(new TestApi(port));
        try (McpSyncClient a = McpClients.connect(port, alice.accessToken());
             McpSyncClient b = McpClients.connect(port, bob.accessToken())) {
            CallToolResult created = a.callTool(new CallToolRequest("create_sandbox", Map.of()));
            String sandbox = (String) ((Map<?, ?>) created.structuredContent()).get("sandboxId");
            try {
                for (String tool : new String[]{"run_command", "read_file", "kill_sandbox"}) {
                    Map<String, Object> theirs = Map.of("sandbox", sandbox, "command", "id", "path", "x");
                    Map<String, Object> missing = Map.of("sandbox", "sbx-missing", "command", "id", "path", "x");
                    CallToolResult onTheirs = b.callTool(new CallToolRequest(tool, only(tool, theirs)));
                    CallToolResult onMissing = b.callTool(new CallToolRequest(tool, only(tool, missing)));
                    assertThat(onTheirs.isError()).as(tool).isTrue();
                    assertThat(text(onTheirs)).as(tool)
                            .isEqualTo(text(onMissing).replace("sbx-missing", sandbox));
                }
                CallToolResult stillThere = a.callTool(new CallToolRequest("run_command",
                        Map.of("sandbox", sandbox, "command", "echo alive")));
                assertThat(((Map<?, ?>) stillThere.structuredContent()).get("stdout")).isEqualTo("alive\n");
            } finally {
                a.callTool(new CallToolRequest("kill_sandbox", Map.of("sandbox", sandbox)));
            }
        }
    }

    private static Map<String, Object> only(String tool, Map<String, Object> arguments) {
        return switch (tool) {
            case "run_command" -> Map.of("sandbox", arguments.get("sandbox"), "command", arguments.get("command"));
            case "read_file" -> Map.of("sandbox", arguments.get("sandbox"), "path", arguments.get("path"));
            default -> Map.of("sandbox", arguments.get("sandbox"));
        };
    }

    private static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }
}
