package io.codingit.github;

import io.codingit.github.GitHubUsers.ConnectedUser;
import io.codingit.support.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static io.codingit.github.FakeGitHub.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;

/** How GitHub's failures reach our callers: status, message, Retry-After. */
@GitHubIntegrationTest
class GitHubUpstreamErrorsTest {
    @LocalServerPort
    int port;
    final FakeGitHub github = FakeGitHub.instance();
    ConnectedUser user;

    @BeforeEach
    void connect() {
        user = GitHubUsers.connect(new TestApi(port), github);
    }

    /** Makes GitHub answer the contents of a fresh repository with {@code reply} and asks our server for it. */
    private TestApi.Response contentsAnswering(Function<FakeGitHub.Request, FakeGitHub.Reply> reply) {
        String repo = "r-" + UUID.randomUUID().toString().substring(0, 8);
        github.on("GET", "/api/v3/repos/octo/" + repo + "/contents", reply);
        return user.api().get("/api/github/repos/octo/" + repo);
    }

    @Test
    void anInvalidOrExpiredTokenIs401AskingToReconnect() {
        TestApi.Response r = contentsAnswering(req -> json(401, "{\"message\": \"Bad credentials\"}"));

        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.json().get("message").asString()).isEqualTo("GitHub token is invalid or expired — reconnect");
        assertThat(r.json().get("code").asString()).isEqualTo("github_unauthorized");
    }

    @Test
    void anExhaustedPrimaryLimitIs429WithRetryAfterFromGitHubsReset() {
        long reset = Instant.now().getEpochSecond() + 120;
        TestApi.Response r = contentsAnswering(req -> json(403, "{\"message\": \"API rate limit exceeded\"}")
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", Long.toString(reset)));

        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(100L, 120L);
        assertThat(r.json().get("code").asString()).isEqualTo("github_rate_limited");
    }

    @Test
    void a429WithRetryAfterPassesGitHubsWaitOn() {
        TestApi.Response r = contentsAnswering(req -> json(429, "{\"message\": \"slow down\"}")
                .withHeader("Retry-After", "30"));

        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(r.header("Retry-After")).isEqualTo("30");
    }

    @Test
    void aSecondaryLimitNamedOnlyInTheMessageIs429WithAMinuteToWait() {
        TestApi.Response r = contentsAnswering(req -> json(403,
                "{\"message\": \"You have exceeded a secondary rate limit. Please wait a few minutes.\"}"));

        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(r.header("Retry-After")).isEqualTo("60");
    }

    @Test
    void aPlainForbiddenStays403() {
        TestApi.Response r = contentsAnswering(req -> json(403, "{\"message\": \"Resource not accessible\"}")
                .withHeader("X-RateLimit-Remaining", "4999"));

        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.header("Retry-After")).isNull();
        assertThat(r.json().get("code").asString()).isEqualTo("github_forbidden");
    }

    @Test
    void notFoundIs404() {
        TestApi.Response r = contentsAnswering(req -> json(404, "{\"message\": \"Not Found\"}"));

        assertThat(r.status()).as(r.toString()).isEqualTo(404);
    }

    @Test
    void serverErrorsAre502() {
        for (int status : new int[]{500, 502, 503}) {
            TestApi.Response r = contentsAnswering(req -> json(status, "{\"message\": \"oops\"}"));

            assertThat(r.status()).as(status + " " + r).isEqualTo(502);
            assertThat(r.json().get("message").asString()).contains("GitHub is failing");
            assertThat(r.json().get("code").asString()).isEqualTo("github_unavailable");
        }
    }

    @Test
    void aDroppedConnectionIs502() {
        TestApi.Response r = contentsAnswering(req -> {
            throw new FakeGitHub.DropConnection();
        });

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        assertThat(r.json().get("code").asString()).isEqualTo("github_unavailable");
    }

    @Test
    void anAnswerSlowerThanTheRequestTimeoutIs502() {
        TestApi.Response r = contentsAnswering(req -> {
            try {
                Thread.sleep(4_000); // the test context's request timeout is 2 s
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return json(200, "[]");
        });

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        assertThat(r.json().get("message").asString()).isEqualTo("GitHub did not answer in time");
    }

    @Test
    void anUnreadableAnswerIs502() {
        TestApi.Response r = contentsAnswering(req -> json(200, "<html>not json"));

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
    }

    @Test
    void theUpstreamMessageIsNotPassedThrough() {
        TestApi.Response r = contentsAnswering(req -> new FakeGitHub.Reply(500,
                Map.of("Content-Type", "application/json"), "{\"message\": \"internal detail xyz\"}"));

        assertThat(r.body()).doesNotContain("internal detail xyz");
    }
}
