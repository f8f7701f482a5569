package io.codingit.github;

/** Where a GitHub token comes from. */
public enum TokenSource {
    /** The user connected through GitHub's OAuth web flow. */
    OAUTH,
    /** The user saved a personal access token. */
    TOKEN,
    /** The server-wide {@code GITHUB_TOKEN}, used only with {@code codingit.github.shared-token-fallback}. */
    SHARED;

    public String key() {
        return name().toLowerCase();
    }

    public static TokenSource fromKey(String key) {
        return valueOf(key.toUpperCase());
    }
}
