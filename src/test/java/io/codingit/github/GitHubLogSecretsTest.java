package io.codingit.github;

import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.VerboseLogCapture;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.codingit.github.FakeGitHub.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captures everything logged (root at DEBUG; web, security and our loggers at TRACE, far more than
 * production) while a token is saved and used, a GitHub call fails, and an OAuth connection is
 * made and revoked; asserts that no GitHub token or client secret appears. (The one-time OAuth
 * {@code code} is not asserted: Spring Security and the DispatcherServlet log request URLs with
 * their query at DEBUG; see docs/github.md.)
 */
@GitHubIntegrationTest
class GitHubLogSecretsTest {
    @LocalServerPort
    int port;
    private final FakeGitHub github = FakeGitHub.instance();
    @RegisterExtension
    final VerboseLogCapture logs = new VerboseLogCapture();

    @Test
    void noGitHubTokenOrClientSecretIsEverLogged() {
        TestApi anonymous = new TestApi(port);
        GitHubUsers.ConnectedUser user = GitHubUsers.connect(anonymous, github);
        assertThat(user.api().get("/api/github/user").status()).isEqualTo(200);
        github.on("GET", "/api/v3/repos/octo/failing/contents", req -> json(500, "{\"message\": \"boom\"}"));
        assertThat(user.api().get("/api/github/repos/octo/failing").status()).isEqualTo(502);

        SignedUpUser account = TestUsers.signUp(anonymous);
        TestApi browser = anonymous.withHeader("Cookie", "codingit_access=" + account.accessToken());
        URI authorize = URI.create(browser.get("/api/github/connect").header("Location"));
        String state = UriComponentsBuilder.fromUri(authorize).build().getQueryParams().getFirst("state");
        String code = "code-" + UUID.randomUUID();
        String oauthToken = "gho_" + UUID.randomUUID().toString().replace("-", "");
        github.on("POST", "/login/oauth/access_token", req -> req.body().contains(code)
                ? json(200, "{\"access_token\": \"" + oauthToken + "\", \"scope\": \"repo\"}")
                : json(200, "{\"error\": \"bad_verification_code\"}"));
        github.onGet("/user", oauthToken, GitHubUsers.userReply("logged-" + UUID.randomUUID().toString().substring(0, 6)));
        github.on("DELETE", "/api/v3/applications/" + FakeGitHubInitializer.CLIENT_ID + "/token",
                req -> new FakeGitHub.Reply(204, Map.of(), null));
        assertThat(browser.get("/api/github/callback?code=" + code + "&state=" + state).status()).isEqualTo(302);
        assertThat(browser.delete("/api/github/connection").status()).isEqualTo(204);

        String log = logs.text();
        assertThat(log).as("the capture itself works").contains("/api/github/");
        for (String secret : List.of(user.token(), user.token().substring(4), oauthToken,
                FakeGitHubInitializer.CLIENT_SECRET)) {
            assertThat(log).doesNotContain(secret);
        }
    }
}
