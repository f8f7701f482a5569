package io.codingit.github;

import java.util.Map;

/**
 * Creates a GitHub repository of the user's, with the user's token, holding the given files in one commit
 * (for features that turn their content into a repository, e.g. a project's workspace folder). GitHub's
 * answers map as the GitHub routes map them; a name that exists already is a {@link GitHubPublishException}
 * (409), no connection is 503 "GitHub is not connected".
 */
public interface GitHubRepositories {
    /**
     * @param files path (relative, {@code /}-separated) → bytes; at least one
     */
    CreatedRepository create(String userId, NewRepository repository, Map<String, byte[]> files);

    /**
     * @param name        the repository's name ({@code [A-Za-z0-9._-]}, at most 100)
     * @param description may be null
     * @param isPrivate   private (the default GitHub applies otherwise is public)
     * @param message     the commit message
     */
    record NewRepository(String name, String description, boolean isPrivate, String message) {
    }

    /** The repository as GitHub reports it, and the commit that holds the files. */
    record CreatedRepository(String fullName, String htmlUrl, String cloneUrl, String defaultBranch, String commitSha) {
    }
}
