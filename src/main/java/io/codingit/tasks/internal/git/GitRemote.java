package io.codingit.tasks.internal.git;

/**
 * A repository URL that passed {@link GitUrlPolicy}.
 *
 * @param cloneUrl what JGit fetches from and pushes to: the https form (ssh URLs are rewritten to https,
 *                 since the server holds a GitHub token, never an SSH key) or an allowed {@code file:} URL
 * @param host     the host as written (lower case); null for {@code file:}
 * @param name     the repository's name (last path segment without {@code .git}), safe as a directory name
 */
public record GitRemote(String cloneUrl, String host, String name) {
    public boolean isLocal() {
        return host == null;
    }
}
