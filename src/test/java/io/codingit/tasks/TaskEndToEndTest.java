package io.codingit.tasks;

import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire.ToolCall;
import io.codingit.support.GitRepos;
import io.codingit.support.IntegrationTest;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import io.codingit.support.VerboseLogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.codingit.support.FakeLlmServer.Wire.openAiAnswer;
import static io.codingit.support.FakeLlmServer.Wire.openAiToolCalls;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole product path of a task, with nothing stood in for: the Tasks API, the database queue, a
 * worker, the real pipeline (bubblewrap sandbox, host-side JGit against a bare repository on disk), the
 * built-in agent talking to a real HTTP server that speaks OpenAI's wire format and answers with tool
 * calls, and the event stream a client watches.
 */
@IntegrationTest
class TaskEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String API_KEY = "sk-test-END-TO-END-key-0123456789";
    private static final Path REPOS = GitRepos.tempRoot("codingit-e2e-repos-");
    private static final FakeLlmServer LLM = new FakeLlmServer();

    @RegisterExtension
    final VerboseLogCapture logs = new VerboseLogCapture();

    @LocalServerPort
    int port;
    TestApi api;
    SignedUpUser user;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Tasks.fastProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("codingit.tasks.allowed-file-roots", REPOS::toString);
        registry.add("codingit.llm.base-urls.openai", LLM::baseUrl);
        registry.add("codingit.tasks.default-model", () -> "openai:gpt-test");
        registry.add("codingit.llm.allowed-base-url-hosts", () -> FakeLlmServer.HOST);
        registry.add("OPENAI_API_KEY", () -> API_KEY);
        registry.add("codingit.sandbox.warm-pool", () -> "0");
    }

    @AfterAll
    static void stopFake() {
        LLM.close();
    }

    @BeforeEach
    void signUp() {
        LLM.reset();
        TestApi anonymous = new TestApi(port);
        user = TestUsers.signUp(anonymous);
        api = anonymous.as(user.accessToken());
    }

    @Test
    void aTaskClonesEditsCommitsAndPushesItsBranchWhileTheClientWatchesTheLog() throws Exception {
        GitRepos.BareRepo repo = GitRepos.bare(REPOS, "e2e-" + UUID.randomUUID())
                .file("app.py", "def greet():\n    return \"hello\"\n").create();
        LLM.enqueue(Reply.json(200, openAiToolCalls(List.of(ToolCall.of("read_file", Map.of("path", "app.py"))))));
        // the agent's second turn is held back until the client has seen the first tool call live
        Reply edit = LLM.enqueue(Reply.json(200, openAiToolCalls(List.of(ToolCall.of("write_file", Map.of(
                "path", "app.py", "content", "def greet():\n    return \"hello, tasks\"\n"))))).pauseBefore(0));
        LLM.enqueue(Reply.json(200, openAiAnswer("greet() now says hello, tasks.")));

        JsonNode created = Tasks.create(api, Map.of("prompt", "Say hello to tasks", "repoUrl", repo.url()));
        String id = created.get("id").asString();
        assertThat(created.get("status").asString()).isEqualTo("pending");
        assertThat(created.get("selected_agent").asString()).isEqualTo("codingit");

        List<SseClient.Event> seen = new ArrayList<>();
        try (SseClient stream = SseClient.open(api.baseUrl(), "/api/tasks/" + id + "/events", user.accessToken(), null)) {
            assertThat(stream.status()).isEqualTo(200);
            SseClient.Event event;
            do {
                event = stream.next(WAIT);
                assertThat(event).as("events so far: %s", seen).isNotNull();
                seen.add(event);
            } while (!(event.event().equals("log") && event.json().get("type").asString().equals("command")
                    && event.json().get("message").asString().startsWith("read_file")));
            assertThat(Tasks.get(api, id).get("status").asString()).as("still running while the model is held")
                    .isEqualTo("processing");
            edit.proceed();
            seen.addAll(stream.untilEnd(WAIT));
        }

        JsonNode task = Tasks.get(api, id);
        assertThat(task.get("status").asString()).as(task.toString()).isEqualTo("completed");
        assertThat(task.get("progress").asInt()).isEqualTo(100);
        String branch = task.get("branch_name").asString();
        assertThat(branch).startsWith("codingit/say-hello-to-tasks-");
        assertThat(repo.branches()).contains(branch);
        assertThat(repo.files(branch)).containsEntry("app.py", "def greet():\n    return \"hello, tasks\"\n");
        assertThat(repo.files("main")).containsEntry("app.py", "def greet():\n    return \"hello\"\n");

        List<String> streamed = seen.stream().filter(e -> e.event().equals("log"))
                .map(e -> e.json().get("type").asString() + ": " + e.json().get("message").asString()).toList();
        assertThat(streamed).anyMatch(line -> line.startsWith("command: write_file"))
                .anyMatch(line -> line.equals("success: Pushed " + branch));
        assertThat(seen.getLast().event()).isEqualTo("end");
        List<String> stored = new ArrayList<>();
        task.get("logs").forEach(line -> stored.add(line.get("type").asString() + ": " + line.get("message").asString()));
        assertThat(stored).as("the stream carried every stored line, in order").isEqualTo(streamed);
        assertThat(task.toString()).doesNotContain(API_KEY);
        assertThat(logs.text()).doesNotContain(API_KEY);
        assertThat(task.get("sandbox_url").asString()).startsWith("/api/sandbox/");
        assertThat(api.get(task.get("sandbox_url").asString()).status()).as("the task's sandbox is gone").isEqualTo(404);
    }

    @Autowired
    JdbcClient jdbc;

    /**
     * Issue 24, item 8: a task takes the chat's own key and base URL. The agent's model calls carry that key; it is
     * stored only encrypted, only while the task may run, and never comes back or reaches the log.
     */
    @Test
    void aTaskUsesTheCallersOwnKeyAndBaseUrlAndForgetsTheKeyWhenItEnds() throws Exception {
        String ownKey = "sk-own-TASK-key-9876543210";
        Reply held = LLM.enqueue(Reply.json(200, openAiAnswer("Nothing to do.")).pauseBefore(0));
        JsonNode created = Tasks.create(api, Map.of("prompt", "Look around", "apiKey", ownKey, "baseURL", LLM.baseUrl()));
        String id = created.get("id").asString();
        assertThat(created.toString()).doesNotContain(ownKey);
        String stored = jdbc.sql("SELECT model_api_key FROM tasks WHERE id = :id").param("id", id).query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain(ownKey);
        held.proceed();
        JsonNode task = Tasks.awaitStatus(api, id, "completed", WAIT);
        assertThat(task.get("status").asString()).as(task.toString()).isEqualTo("completed");
        assertThat(LLM.lastRequest().header("Authorization")).isEqualTo("Bearer " + ownKey);
        assertThat(jdbc.sql("SELECT model_api_key FROM tasks WHERE id = :id").param("id", id).query(String.class).optional())
                .as("the key is gone once the task ended").isEmpty();
        assertThat(task.toString()).doesNotContain(ownKey);
        assertThat(logs.text()).doesNotContain(ownKey);

        // a CLI agent uses the server's keys through its relay: an own key for it is refused, saying so
        TestApi.Response cli = api.post("/api/tasks", Map.of("prompt", "x", "selectedAgent", "aider", "apiKey", ownKey));
        assertThat(cli.status()).isEqualTo(400);
        assertThat(cli.json().get("message").asString()).contains("built-in agent");
        assertThat(api.post("/api/tasks", Map.of("prompt", "x", "apiKey", 42)).status()).isEqualTo(400);
    }

    @Test
    void theAgentsListSaysWhichCanRunHere() {
        JsonNode agents = api.get("/api/tasks/agents").json().get("agents");
        assertThat(agents.get(0).get("id").asString()).isEqualTo("codingit");
        assertThat(agents.get(0).get("available").asBoolean()).isTrue();
        List<String> ids = new ArrayList<>();
        agents.forEach(a -> {
            ids.add(a.get("id").asString());
            assertThat(a.get("available").asBoolean()).isEqualTo(a.get("reason").isNull());
        });
        assertThat(ids).containsExactly("codingit", "claude", "codex", "gemini", "opencode", "aider");
    }

    @Test
    void aRepositoryTheServerDoesNotAllowIsRefusedAtCreation() {
        for (String url : List.of("file:///etc", "http://127.0.0.1:5432/x.git", "https://github.com@127.0.0.1/x.git",
                "ext::sh -c touch% /tmp/pwned", "--upload-pack=touch /tmp/pwned")) {
            TestApi.Response response = api.post("/api/tasks", Map.of("prompt", "anything", "repoUrl", url));
            assertThat(response.status()).as(url).isEqualTo(400);
            assertThat(response.json().get("error").asBoolean()).isTrue();
        }
        assertThat(api.get("/api/tasks").json().get("tasks")).isEmpty();
    }
}
