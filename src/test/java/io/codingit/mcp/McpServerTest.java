package io.codingit.mcp;

import io.codingit.support.IntegrationTest;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The MCP endpoint driven by the Java SDK's client: tools, errors, resources, isolation. */
@IntegrationTest
class McpServerTest {
    @LocalServerPort
    int port;

    private SignedUpUser signUp() {
        return TestUsers.signUp(new TestApi(port));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    private static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    @Test
    void listsEveryToolWithASchema() {
        try (McpSyncClient client = McpClients.connect(port, signUp().accessToken())) {
            List<McpSchema.Tool> tools = client.listTools().tools();
            assertThat(tools).extracting(McpSchema.Tool::name).contains("create_sandbox", "kill_sandbox", "run_code",
                    "run_command", "list_files", "read_file", "write_file", "get_preview_url", "workspace_list_files",
                    "workspace_read_file", "workspace_write_file", "apply_edit", "github_list_repos", "start_task",
                    "get_task");
            assertThat(tools).allSatisfy(t -> {
                assertThat(t.description()).isNotBlank();
                assertThat(t.inputSchema()).containsEntry("type", "object");
            });
        }
    }

    @Test
    void workspaceFilesAreToolsAndResources() {
        List<List<McpSchema.ResourceContents>> updates = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = McpClients.connect(port, signUp().accessToken(), n -> { }, updates::add)) {
            CallToolResult written = client.callTool(new CallToolRequest("workspace_write_file",
                    Map.of("path", "src/app.py", "content", "print('hi')\n")));
            assertThat(written.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(structured(written)).containsEntry("path", "src/app.py");

            assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
                    .containsExactly("file:///src/app.py");
            McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest("file:///src/app.py"));
            assertThat(((McpSchema.TextResourceContents) read.contents().getFirst()).text()).isEqualTo("print('hi')\n");

            client.subscribeResource(new McpSchema.SubscribeRequest("file:///src/app.py"));
            CallToolResult edited = client.callTool(new CallToolRequest("apply_edit", Map.of("path", "src/app.py",
                    "update", "print('hi')\nprint('there')\n")));
            assertThat(edited.isError()).as(text(edited)).isNotEqualTo(Boolean.TRUE);
            assertThat((String) structured(edited).get("diff")).contains("+print('there')");
            // the subscription's notification (WorkspaceResources' change listener): the client reads the
            // updated resource
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(updates).anySatisfy(contents ->
                    assertThat(((McpSchema.TextResourceContents) contents.getFirst()).text())
                            .isEqualTo("print('hi')\nprint('there')\n")));

            CallToolResult file = client.callTool(new CallToolRequest("workspace_read_file", Map.of("path", "src/app.py")));
            assertThat(structured(file)).containsEntry("content", "print('hi')\nprint('there')\n");
        }
    }

    /** The JSON-RPC error a call gets (a protocol error, not a tool result). */
    private static String errorOf(McpSyncClient client, String tool, Map<String, Object> arguments) {
        try {
            CallToolResult result = client.callTool(new CallToolRequest(tool, arguments));
            throw new AssertionError("expected a JSON-RPC error for " + tool + " " + arguments + ", got " + result);
        } catch (McpError e) {
            return e.getMessage();
        }
    }

    @Test
    void badArgumentsGetErrorsNamingTheArgument() {
        try (McpSyncClient client = McpClients.connect(port, signUp().accessToken())) {
            assertThat(errorOf(client, "run_command", Map.of("sandbox", "x", "command", 42)))
                    .contains("'command' must be a string");
            assertThat(errorOf(client, "workspace_read_file", Map.of())).contains("'path' is required");
            assertThat(errorOf(client, "workspace_read_file", Map.of("path", "a", "pth", "b")))
                    .contains("unknown argument 'pth'");
            assertThat(errorOf(client, "no_such_tool", Map.of())).contains("no_such_tool");
        }
    }

    @Test
    void anotherUsersFileOrTaskIsNotFoundLikeAMissingOne() {
        SignedUpUser alice = signUp();
        SignedUpUser bob = signUp();
        try (McpSyncClient a = McpClients.connect(port, alice.accessToken());
             McpSyncClient b = McpClients.connect(port, bob.accessToken())) {
            a.callTool(new CallToolRequest("workspace_write_file", Map.of("path", "secret.txt", "content", "alice's")));
            CallToolResult theirs = b.callTool(new CallToolRequest("workspace_read_file", Map.of("path", "secret.txt")));
            CallToolResult missing = b.callTool(new CallToolRequest("workspace_read_file", Map.of("path", "nothing.txt")));
            assertThat(theirs.isError()).isTrue();
            assertThat(text(theirs)).isEqualTo(text(missing).replace("nothing.txt", "secret.txt"));
            assertThat(b.listResources().resources()).isEmpty();
            assertThatThrownBy(() -> b.readResource(new McpSchema.ReadResourceRequest("file:///secret.txt")))
                    .isInstanceOf(McpError.class);

            CallToolResult task = b.callTool(new CallToolRequest("get_task",
                    Map.of("id", "00000000-0000-0000-0000-000000000000")));
            assertThat(task.isError()).isTrue();
            assertThat(text(task)).containsIgnoringCase("not found");
        }
    }
}
