package io.codingit.tasks;

import io.codingit.github.FakeGitHub;
import io.codingit.github.FakeGitHubInitializer;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TempDataDirInitializer;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/tasks/{id}/pull-request} against GitHub played by a real HTTP server ({@link FakeGitHub}). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = {TempDataDirInitializer.class, FakeGitHubInitializer.class})
@Import(ScriptedPipeline.Config.class)
@TestPropertySource(properties = {
        "codingit.tasks.poll-interval=100ms",
        "codingit.rate-limit.general.capacity=1000000"})
class TaskPullRequestTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final FakeGitHub github = FakeGitHub.instance();

    @LocalServerPort
    int port;
    TestApi api;
    String token;
    String repo;

    @BeforeEach
    void connectGitHub() {
        TestApi anonymous = new TestApi(port);
        SignedUpUser user = TestUsers.signUp(anonymous);
        api = anonymous.as(user.accessToken());
        token = "ghp_" + UUID.randomUUID().toString().replace("-", "");
        github.onGet("/user", token, FakeGitHub.Reply.json(200, "{\"login\": \"octo\", \"id\": 1}"));
        assertThat(api.put("/api/github/token", Map.of("token", token)).status()).isEqualTo(200);
        repo = "widgets-" + UUID.randomUUID().toString().substring(0, 8);
        github.onGet("/repos/acme/" + repo, token, FakeGitHub.Reply.json(200,
                "{\"name\": \"" + repo + "\", \"default_branch\": \"trunk\"}"));
    }

    private String completedTask(String branch) {
        String id = Tasks.create(api, Map.of("prompt", "branch:" + branch + " Fix the typo in README",
                "repoUrl", "https://github.com/acme/" + repo + ".git")).get("id").asString();
        Tasks.awaitStatus(api, id, "completed", WAIT);
        return id;
    }

    @Test
    void opensAPullRequestForThePushedBranchIntoTheDefaultBranchAndRecordsIt() {
        String id = completedTask("codingit/fix-typo-a1b2c3");
        String pulls = "/api/v3/repos/acme/" + repo + "/pulls";
        github.on("POST", pulls, r -> FakeGitHub.Reply.json(201, """
                {"number": 17, "html_url": "https://github.com/acme/%s/pull/17", "state": "open"}""".formatted(repo)));

        TestApi.Response r = api.post("/api/tasks/" + id + "/pull-request", Map.of());

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode pr = r.json().get("pull_request");
        assertThat(pr.get("number").asLong()).isEqualTo(17);
        assertThat(pr.get("url").asString()).isEqualTo("https://github.com/acme/" + repo + "/pull/17");
        assertThat(pr.get("base").asString()).isEqualTo("trunk");
        assertThat(r.json().get("task").get("pull_request_url").asString()).endsWith("/pull/17");
        List<FakeGitHub.Request> sent = github.requestsTo(pulls);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).token()).isEqualTo(token);
        JsonNode body = TestApi.JSON.readTree(sent.get(0).body());
        assertThat(body.get("head").asString()).isEqualTo("codingit/fix-typo-a1b2c3");
        assertThat(body.get("base").asString()).isEqualTo("trunk");
        assertThat(body.get("title").asString()).isEqualTo("branch:codingit/fix-typo-a1b2c3 Fix the typo in README");
        assertThat(body.get("body").asString()).contains(id);
        // once only
        assertThat(api.post("/api/tasks/" + id + "/pull-request", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void aGivenTitleAndBaseAreUsedAndGitHubsRefusalIsA422InOurWords() {
        String id = completedTask("codingit/again-d4e5f6");
        String pulls = "/api/v3/repos/acme/" + repo + "/pulls";
        github.on("POST", pulls, r -> FakeGitHub.Reply.json(422, """
                {"message": "Validation Failed", "errors": [{"resource": "PullRequest", "code": "custom",
                 "message": "A pull request already exists for acme:codingit/again-d4e5f6."}]}"""));

        TestApi.Response r = api.post("/api/tasks/" + id + "/pull-request", Map.of("title", "My title", "base", "dev"));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("message").asString())
                .isEqualTo("GitHub did not open the pull request: a pull request for this branch already exists");
        JsonNode body = TestApi.JSON.readTree(github.requestsTo(pulls).get(0).body());
        assertThat(body.get("title").asString()).isEqualTo("My title");
        assertThat(body.get("base").asString()).isEqualTo("dev");
        assertThat(Tasks.get(api, id).get("pull_request_url").isNull()).isTrue();
    }

    @Test
    void aRepositoryOffGitHubIsRefused() {
        String id = Tasks.create(api, Map.of("prompt", "branch:codingit/x-123456",
                "repoUrl", "https://gitlab.com/acme/" + repo + ".git")).get("id").asString();
        Tasks.awaitStatus(api, id, "completed", WAIT);

        TestApi.Response r = api.post("/api/tasks/" + id + "/pull-request", Map.of());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("not a GitHub repository");
    }
}
