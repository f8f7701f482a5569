package io.codingit.github;

import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;

import java.util.Map;
import java.util.UUID;

/** Users connected to the {@link FakeGitHub} through the real {@code PUT /api/github/token}. */
final class GitHubUsers {
    private GitHubUsers() {
    }

    /** A signed-up user acting as {@code api}, with their own GitHub token and login. */
    record ConnectedUser(SignedUpUser account, TestApi api, String token, String login) {
    }

    static ConnectedUser connect(TestApi anonymous, FakeGitHub github) {
        SignedUpUser account = TestUsers.signUp(anonymous);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String token = "ghp_" + UUID.randomUUID().toString().replace("-", "");
        String login = "Login-" + suffix;
        github.onGet("/user", token, userReply(login));
        TestApi api = anonymous.as(account.accessToken());
        TestApi.Response saved = api.put("/api/github/token", Map.of("token", token));
        if (saved.status() != 200) {
            throw new IllegalStateException("saving the GitHub token failed: " + saved);
        }
        return new ConnectedUser(account, api, token, login);
    }

    /** {@code GET /user} as GitHub answers it, for whichever token the route serves. */
    static FakeGitHub.Reply userReply(String login) {
        return FakeGitHub.Reply.json(200, """
                {"login": "%s", "id": 1, "name": "Name of %s", "avatar_url": "https://avatars.example/%s",
                 "email": "secret@example.test", "plan": {"name": "pro"}}""".formatted(login, login, login));
    }
}
