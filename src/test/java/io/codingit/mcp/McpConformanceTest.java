package io.codingit.mcp;

import io.codingit.support.IntegrationTest;
import io.codingit.support.NodePackages;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance} 0.1.8 from npm, pinned by the
 * lock file in src/test/resources/mcp/conformance) runs its server scenarios against /mcp through a loopback
 * proxy that adds a signed-up user's bearer token (the suite's client sends no credentials). The scenarios that
 * apply to this server must pass; every other one must be named, with its reason, in docs/mcp.md.
 */
@IntegrationTest
class McpConformanceTest {
    /** The scenarios that test behaviour this server offers (initialize, logging, listing tools and resources). */
    static final Set<String> APPLICABLE = Set.of("server-initialize", "logging-set-level", "tools-list",
            "resources-list");

    @LocalServerPort
    int port;

    @Test
    void applicableConformanceScenariosPassAndTheOthersAreDocumented() throws Exception {
        NodePackages suite = NodePackages.install("/mcp/conformance/", List.of("run.mjs"),
                "@modelcontextprotocol/conformance");
        String token = TestUsers.signUp(new TestApi(port)).accessToken();
        JsonNode run;
        try (BearerTokenProxy proxy = BearerTokenProxy.start(URI.create("http://127.0.0.1:" + port), token)) {
            run = suite.run(Map.of(), Duration.ofMinutes(2), "run.mjs", "http://127.0.0.1:" + proxy.port() + "/mcp");
        }

        Map<String, JsonNode> scenarios = new TreeMap<>();
        run.get("scenarios").properties().forEach(scenario -> scenarios.put(scenario.getKey(), scenario.getValue()));
        assertThat(scenarios).as("scenarios the suite ran; output: %s", run.get("output").asString())
                .containsKeys(APPLICABLE.toArray(String[]::new));
        for (String scenario : APPLICABLE) {
            assertThat(scenarios.get(scenario).get("failed").asInt()).as("failed checks of %s", scenario).isZero();
            assertThat(scenarios.get(scenario).get("passed").asInt()).as("passed checks of %s", scenario).isPositive();
        }

        Map<String, DocumentedResult> documented = documentedResults();
        assertThat(documented.keySet()).as("the scenarios docs/mcp.md lists are those the suite ran")
                .isEqualTo(scenarios.keySet());
        documented.forEach((scenario, row) -> {
            if (APPLICABLE.contains(scenario)) {
                assertThat(row.result()).as("docs/mcp.md result of %s", scenario).isEqualTo("pass");
            } else {
                assertThat(row.result()).as("docs/mcp.md result of %s", scenario).isEqualTo("does not apply");
                assertThat(row.reason()).as("docs/mcp.md reason for %s", scenario).isNotBlank();
            }
        });
    }

    private record DocumentedResult(String result, String reason) {
    }

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9-]+)` \\| ([a-z ]+) \\| (.*) \\|$");

    /** The rows of the table under "## Conformance" in docs/mcp.md, by scenario. */
    private static Map<String, DocumentedResult> documentedResults() throws IOException {
        String docs = Files.readString(Path.of("docs/mcp.md"), StandardCharsets.UTF_8);
        String section = docs.substring(docs.indexOf("## Conformance"));
        int next = section.indexOf("\n## ", 1);
        Map<String, DocumentedResult> rows = new TreeMap<>();
        (next < 0 ? section : section.substring(0, next)).lines().map(ROW::matcher).filter(Matcher::matches)
                .forEach(row -> rows.put(row.group(1), new DocumentedResult(row.group(2), row.group(3).strip())));
        return rows;
    }
}
