package io.codingit.github;

/**
 * Opens pull requests on behalf of a user, with their GitHub token (for features that pushed a
 * branch, e.g. a finished task). Failures are {@link GitHubException}s: 400 for a
 * repository URL that is not on GitHub, 503 when the user has no GitHub connection, 422 when
 * GitHub refuses the pull request (it exists already, or the branch has no new commits), and
 * GitHub's other failures as the GitHub routes map them.
 */
public interface GitHubPullRequests {
    /**
     * @param userId        the user acting
     * @param repositoryUrl the repository's clone URL: {@code https://github.com/owner/repo(.git)},
     *                      {@code git@github.com:owner/repo.git} or {@code ssh://git@github.com/owner/repo.git}
     *                      (or the same on the host of a configured GitHub Enterprise API)
     */
    PullRequest open(String userId, String repositoryUrl, NewPullRequest request);

    /**
     * @param head  the branch with the changes (in the same repository)
     * @param base  the branch to merge into; null for the repository's default branch
     * @param title the title
     * @param body  the description, may be null
     */
    record NewPullRequest(String head, String base, String title, String body) {
    }

    /** The opened pull request as GitHub reports it. */
    record PullRequest(long number, String htmlUrl, String state, String head, String base) {
    }
}
