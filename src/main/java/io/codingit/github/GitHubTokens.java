package io.codingit.github;

import java.util.Optional;

/**
 * The GitHub token to use on behalf of a user, for features that talk to GitHub themselves (e.g.
 * cloning a repository for a task). A user's own connection wins; the shared server token is
 * returned only when {@code codingit.github.shared-token-fallback} is on.
 */
public interface GitHubTokens {
    Optional<GitHubToken> tokenFor(String userId);

    /** Like {@link #tokenFor} but failing with 503 "GitHub is not connected" when there is none. */
    GitHubToken requireTokenFor(String userId);

    GitHubConnection connectionOf(String userId);
}
