package io.codingit.github;

/**
 * A token to act on GitHub for one user. {@link #toString()} hides the value so that it never
 * ends up in a log line by accident.
 */
public record GitHubToken(String value, TokenSource source) {
    @Override
    public String toString() {
        return "GitHubToken[source=" + source + ", value=***]";
    }
}
