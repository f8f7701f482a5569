package io.codingit.github;

import java.time.Instant;

/**
 * Whether a user can reach GitHub and as whom; never carries the token.
 *
 * @param connected   a token is available for this user (their own, or the shared one)
 * @param login       the GitHub login of the user's own token; null for the shared token or none
 * @param source      where the token comes from; null when not connected
 * @param connectedAt when the user's own token was stored; null otherwise
 */
public record GitHubConnection(boolean connected, String login, TokenSource source, Instant connectedAt) {
    public static GitHubConnection none() {
        return new GitHubConnection(false, null, null, null);
    }
}
