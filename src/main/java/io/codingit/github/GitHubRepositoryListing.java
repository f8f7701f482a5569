package io.codingit.github;

import java.util.List;

/**
 * The repositories a user can see with their own GitHub connection, for other features (the MCP server's
 * {@code github_list_repos}); the same answers and errors as {@code GET /api/github/repos}.
 */
public interface GitHubRepositoryListing {
    /**
     * @param owner a user or organisation; null for the connected account itself
     */
    List<RepositorySummary> list(String userId, String owner);

    record RepositorySummary(String name, String fullName, String description, boolean isPrivate, String cloneUrl,
                             String updatedAt, String language) {
    }
}
