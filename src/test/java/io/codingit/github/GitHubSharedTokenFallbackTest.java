package io.codingit.github;

import io.codingit.github.GitHubUsers.ConnectedUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** With the operator's opt-in, users without a connection act with the server's GITHUB_TOKEN; connected users never do. */
@GitHubIntegrationTest
@TestPropertySource(properties = {
        "codingit.github.shared-token-fallback=true",
        "codingit.github.shared-token=" + GitHubSharedTokenFallbackTest.SHARED_TOKEN})
class GitHubSharedTokenFallbackTest {
    static final String SHARED_TOKEN = "ghp_shared_server_token_for_tests";

    @LocalServerPort
    int port;
    final FakeGitHub github = FakeGitHub.instance();

    @Test
    void aUserWithoutAConnectionUsesTheSharedToken() {
        github.onGet("/user", SHARED_TOKEN, GitHubUsers.userReply("operator"));
        TestApi api = new TestApi(port);
        TestApi unconnected = api.as(TestUsers.signUp(api).accessToken());

        TestApi.Response user = unconnected.get("/api/github/user");
        JsonNode connection = unconnected.get("/api/github/connection").json();

        assertThat(user.status()).as(user.toString()).isEqualTo(200);
        assertThat(user.json().get("login").asString()).isEqualTo("operator");
        assertThat(connection.get("connected").asBoolean()).isTrue();
        assertThat(connection.get("source").asString()).isEqualTo("shared");
        assertThat(connection.get("login").isNull()).isTrue();
        assertThat(connection.toString()).doesNotContain(SHARED_TOKEN);
    }

    @Test
    void aConnectedUserKeepsTheirOwnToken() {
        ConnectedUser user = GitHubUsers.connect(new TestApi(port), github);
        int sharedRequests = github.requestsWithToken(SHARED_TOKEN).size();

        TestApi.Response r = user.api().get("/api/github/user");

        assertThat(r.json().get("login").asString()).isEqualTo(user.login());
        assertThat(github.requestsWithToken(SHARED_TOKEN)).hasSize(sharedRequests);
    }
}
