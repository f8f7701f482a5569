package io.codingit.projects;

import io.codingit.github.FakeGitHub;
import io.codingit.github.FakeGitHubInitializer;
import io.codingit.support.TempDataDirInitializer;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A project becomes a workspace folder, and the folder (with an edit made there) a new GitHub repository
 * through the user's GitHub connection; GitHub is the in-test fake, playing the REST endpoints of a
 * repository's creation and its Git database (blobs, trees, commits, refs) with real state. Same context as
 * the GitHub tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = {TempDataDirInitializer.class, FakeGitHubInitializer.class})
class ProjectPublishingTest {
    @LocalServerPort
    int port;

    @Test
    void aProjectBecomesAWorkspaceFolderAndTheFolderAGitHubRepository() {
        TestApi anonymous = new TestApi(port);
        ProjectsClient me = new ProjectsClient(anonymous, TestUsers.signUp(anonymous).accessToken(), null);
        String login = "Pub-" + UUID.randomUUID().toString().substring(0, 8);
        String token = connectGitHub(me, login);
        FakeRepository repo = new FakeRepository(login, "my-project", token);

        String project = ProjectsApiTests.importProjectWithResult(me, "My Project", ProjectsApiTests.png(11));
        TestApi.Response folder = me.api.post("/api/projects/" + project + "/workspace", Map.of());
        assertThat(folder.status()).as(folder.toString()).isEqualTo(201);
        assertThat(folder.json().get("folder").asString()).isEqualTo("projects/my-project");
        assertThat(folder.json().get("files").valueStream().map(JsonNode::asString).toList())
                .contains("script.py", ".codingit/project.json");
        assertThat(me.api.get("/api/files/content?path=projects/my-project/script.py").body()).contains("print('v2')");
        // the same folder again is a conflict, and nothing is overwritten
        assertThat(me.api.post("/api/projects/" + project + "/workspace", Map.of()).status()).isEqualTo(409);

        // an edit in the workspace is what gets published
        me.api.post("/api/files", Map.of("path", "projects/my-project/README.md", "isDirectory", false, "content", "# My Project\n"));
        TestApi.Response published = me.api.post("/api/projects/" + project + "/github",
                Map.of("folder", "projects/my-project", "repository", "my-project", "isPrivate", true));
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        assertThat(published.json().get("fullName").asString()).isEqualTo(login + "/my-project");
        assertThat(published.json().get("commitSha").asString()).isEqualTo(repo.head.get());

        Map<String, String> tree = repo.filesAtHead();
        assertThat(tree.keySet()).containsExactlyInAnyOrder("script.py", "README.md", ".codingit/project.json",
                ".codingit/blobs/" + ProjectsApiTests.sha256(ProjectsApiTests.png(11)));
        assertThat(tree.get("script.py")).isEqualTo(HexFormat.of().formatHex("print('v2')\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(tree.get(".codingit/blobs/" + ProjectsApiTests.sha256(ProjectsApiTests.png(11))))
                .isEqualTo(HexFormat.of().formatHex(ProjectsApiTests.png(11)));
        assertThat(repo.created.get().get("private").asBoolean()).isTrue();
        assertThat(FakeGitHub.instance().requestsWithToken(token)).allSatisfy(r -> assertThat(r.uri()).startsWith("/api/v3/"));

        // a name GitHub refuses (it exists) is a conflict in our words; a folder that is not there is 404
        FakeGitHub.instance().on("POST", "/api/v3/user/repos", r -> FakeGitHub.Reply.json(422,
                "{\"message\":\"Repository creation failed.\",\"errors\":[{\"message\":\"name already exists on this account\"}]}"));
        TestApi.Response exists = me.api.post("/api/projects/" + project + "/github",
                Map.of("folder", "projects/my-project", "repository", "my-project"));
        assertThat(exists.status()).isEqualTo(409);
        assertThat(exists.json().get("code").asString()).isEqualTo("github_repository_exists");
        assertThat(me.api.post("/api/projects/" + project + "/github", Map.of("folder", "projects/nothing", "repository", "x"))
                .status()).isEqualTo(404);
        assertThat(me.api.post("/api/projects/" + project + "/github", Map.of("folder", "../etc", "repository", "x"))
                .status()).isEqualTo(400);
        assertThat(me.api.post("/api/projects/" + project + "/github", Map.of("folder", "projects/my-project", "repository", "bad name!"))
                .status()).isEqualTo(400);
    }

    @Test
    void withoutAGitHubConnectionNothingIsSentToGitHub() {
        TestApi anonymous = new TestApi(port);
        ProjectsClient me = new ProjectsClient(anonymous, TestUsers.signUp(anonymous).accessToken(), null);
        String project = ProjectsApiTests.importProjectWithResult(me, "Offline", ProjectsApiTests.png(12));
        me.api.post("/api/projects/" + project + "/workspace", Map.of("folder", "offline"));
        int before = FakeGitHub.instance().requests().size();
        TestApi.Response r = me.api.post("/api/projects/" + project + "/github", Map.of("folder", "offline", "repository", "offline"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(FakeGitHub.instance().requests()).hasSize(before);
    }

    private static String connectGitHub(ProjectsClient me, String login) {
        String token = "ghp_" + UUID.randomUUID().toString().replace("-", "");
        FakeGitHub.instance().onGet("/user", token, FakeGitHub.Reply.json(200,
                "{\"login\":\"" + login + "\",\"id\":7,\"name\":\"N\",\"avatar_url\":\"https://avatars.example/a\"}"));
        TestApi.Response saved = me.api.put("/api/github/token", Map.of("token", token));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        return token;
    }

    /** GitHub's side of one new repository: what was created, the Git objects written, where the branch points. */
    static final class FakeRepository {
        final AtomicReference<JsonNode> created = new AtomicReference<>();
        final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
        final Map<String, JsonNode> trees = new ConcurrentHashMap<>();
        final Map<String, String> commitTrees = new ConcurrentHashMap<>();
        final AtomicReference<String> head = new AtomicReference<>("init-commit");

        FakeRepository(String owner, String name, String token) {
            FakeGitHub github = FakeGitHub.instance();
            String git = "/api/v3/repos/" + owner + "/" + name + "/git";
            github.on("POST", "/api/v3/user/repos", r -> {
                assertThat(r.token()).isEqualTo(token);
                created.set(TestApi.JSON.readTree(r.body()));
                return FakeGitHub.Reply.json(201, """
                        {"full_name":"%s/%s","html_url":"https://github.example/%s/%s","clone_url":"https://github.example/%s/%s.git",
                         "default_branch":"main","owner":{"login":"%s"}}""".formatted(owner, name, owner, name, owner, name, owner));
            });
            github.on("GET", git + "/ref/heads/main", r -> FakeGitHub.Reply.json(200,
                    "{\"ref\":\"refs/heads/main\",\"object\":{\"sha\":\"" + head.get() + "\",\"type\":\"commit\"}}"));
            github.on("POST", git + "/blobs", r -> {
                JsonNode body = TestApi.JSON.readTree(r.body());
                assertThat(body.get("encoding").asString()).isEqualTo("base64");
                byte[] content = Base64.getDecoder().decode(body.get("content").asString());
                String sha = "blob-" + ProjectsApiTests.sha256(content);
                blobs.put(sha, content);
                return FakeGitHub.Reply.json(201, "{\"sha\":\"" + sha + "\"}");
            });
            github.on("POST", git + "/trees", r -> {
                JsonNode body = TestApi.JSON.readTree(r.body());
                assertThat(body.has("base_tree")).isFalse();
                String sha = "tree-" + trees.size();
                trees.put(sha, body.get("tree"));
                return FakeGitHub.Reply.json(201, "{\"sha\":\"" + sha + "\"}");
            });
            github.on("POST", git + "/commits", r -> {
                JsonNode body = TestApi.JSON.readTree(r.body());
                assertThat(body.get("parents").get(0).asString()).isEqualTo(head.get());
                String sha = "commit-" + commitTrees.size();
                commitTrees.put(sha, body.get("tree").asString());
                return FakeGitHub.Reply.json(201, "{\"sha\":\"" + sha + "\"}");
            });
            github.on("PATCH", git + "/refs/heads/main", r -> {
                String sha = TestApi.JSON.readTree(r.body()).get("sha").asString();
                assertThat(commitTrees).containsKey(sha);
                head.set(sha);
                return FakeGitHub.Reply.json(200, "{\"ref\":\"refs/heads/main\",\"object\":{\"sha\":\"" + sha + "\"}}");
            });
        }

        /** Path → hex of the bytes, as the branch's head commit holds them. */
        Map<String, String> filesAtHead() {
            Map<String, String> files = new TreeMap<>();
            for (JsonNode entry : trees.get(commitTrees.get(head.get()))) {
                assertThat(List.of(entry.get("mode").asString(), entry.get("type").asString())).containsExactly("100644", "blob");
                files.put(entry.get("path").asString(), HexFormat.of().formatHex(blobs.get(entry.get("sha").asString())));
            }
            return files;
        }
    }
}
