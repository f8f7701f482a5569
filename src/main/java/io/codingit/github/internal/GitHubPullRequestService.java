package io.codingit.github.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.github.GitHubException;
import io.codingit.github.GitHubPullRequests;
import io.codingit.github.GitHubTokens;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpResponse;
import java.util.Locale;

import static io.codingit.github.internal.GitHubParameters.segment;

/** {@code POST /repos/{owner}/{repo}/pulls} with the user's token, through {@link GitHubClient}. */
@Service
class GitHubPullRequestService implements GitHubPullRequests {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GitHubTokens tokens;
    private final GitHubClient client;
    private final String enterpriseHost;

    GitHubPullRequestService(GitHubTokens tokens, GitHubClient client, GitHubProperties properties) {
        this.tokens = tokens;
        this.client = client;
        String apiHost = properties.apiBase().getHost();
        this.enterpriseHost = apiHost == null || apiHost.equalsIgnoreCase("api.github.com") ? null : apiHost;
    }

    @Override
    public PullRequest open(String userId, String repositoryUrl, NewPullRequest request) {
        GitHubRepositoryUrl repo = GitHubRepositoryUrl.parse(repositoryUrl, enterpriseHost);
        String token = tokens.requireTokenFor(userId).value();
        String repoPath = "/repos/" + segment(repo.owner()) + "/" + segment(repo.name());
        String base = request.base();
        if (base == null) {
            base = GitHubViews.text(client.get(token, repoPath), "default_branch");
            if (base == null) {
                throw GitHubErrors.unexpectedShape();
            }
        }
        ObjectNode body = JSON.createObjectNode()
                .put("title", request.title()).put("head", request.head()).put("base", base);
        if (request.body() != null) {
            body.put("body", request.body());
        }
        HttpResponse<String> response = client.post(token, repoPath + "/pulls", JSON.writeValueAsString(body));
        int status = response.statusCode();
        if (status == 422) {
            String text = response.body() == null ? "" : response.body().toLowerCase(Locale.ROOT);
            String why = text.contains("already exists") ? "a pull request for this branch already exists"
                    : text.contains("no commits") ? "the branch has no commits that the base branch lacks"
                    : "GitHub found the request invalid (does the branch exist on GitHub?)";
            throw new GitHubException(Kind.UNPROCESSABLE, "github_rejected",
                    "GitHub did not open the pull request: " + why);
        }
        if (status < 200 || status >= 300) {
            throw GitHubErrors.map(response);
        }
        JsonNode pr;
        try {
            pr = JSON.readTree(response.body());
        } catch (RuntimeException e) {
            throw GitHubErrors.unexpectedShape();
        }
        JsonNode number = pr.get("number");
        String htmlUrl = GitHubViews.text(pr, "html_url");
        if (number == null || !number.isNumber() || htmlUrl == null) {
            throw GitHubErrors.unexpectedShape();
        }
        return new PullRequest(number.asLong(), htmlUrl, GitHubViews.text(pr, "state"), request.head(), base);
    }
}
