package io.codingit.mcp;

import io.codingit.support.IntegrationTest;
import io.codingit.support.NodePackages;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official MCP TypeScript SDK ({@code @modelcontextprotocol/sdk} from npm, pinned by the lock file in
 * src/test/resources/mcp/ts-client) drives one whole session with Node: initialize, list tools, a sandbox, a
 * chart, files, an edit, a resource, progress and cancellation.
 */
@IntegrationTest
class McpTypeScriptClientTest {
    @LocalServerPort
    int port;

    @Test
    void officialTypeScriptClientRunsAWholeSession() throws Exception {
        NodePackages client = NodePackages.install("/mcp/ts-client/", List.of("session.mjs"),
                "@modelcontextprotocol/sdk");
        String token = TestUsers.signUp(new TestApi(port)).accessToken();
        JsonNode session = client.run(Map.of("CODINGIT_TOKEN", token), Duration.ofMinutes(3), "session.mjs",
                "http://127.0.0.1:" + port);

        assertThat(session.get("protocolVersion").asString()).isEqualTo("2025-11-25");
        assertThat(session.get("sessionId").asString()).isNotBlank();
        assertThat(session.get("tools").toString()).contains("run_code", "apply_edit", "start_task");
        assertThat(session.get("sandboxCreated").asBoolean()).isTrue();
        assertThat(session.get("chartImages").asInt()).isEqualTo(1);
        assertThat(session.get("chartMainResult").asString()).isEqualTo("2");
        assertThat(session.get("runCodeProgress").toString()).contains("plotting");
        assertThat(session.get("fileRoundTrip").asString()).isEqualTo("hello from ts");
        assertThat(session.get("editDiff").asString()).contains("+    return 2");
        assertThat(session.get("editMerged").asString()).isEqualTo("def f():\n    return 2\n");
        assertThat(session.get("resources").toString()).contains("file:///docs/readme.md");
        assertThat(session.get("resourceText").asString()).isEqualTo("# ts");
        assertThat(session.get("resourceUpdates").toString()).contains("file:///docs/readme.md");
        assertThat(session.get("commandProgress").size()).isPositive();
        assertThat(session.get("cancelled").asBoolean()).isTrue();
        assertThat(session.get("sleepersAfterCancel").asString()).isEqualTo("0");
        assertThat(session.get("badArgument").asString()).contains("'command' must be a string");
    }
}
