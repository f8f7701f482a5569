package io.codingit.github.internal;

import io.codingit.github.GitHubRepositoryListing;
import org.springframework.stereotype.Service;

import java.util.List;

/** {@link GitHubRepositoryListing} over the service behind the GitHub routes. */
@Service
class DefaultGitHubRepositoryListing implements GitHubRepositoryListing {
    private final GitHubService github;

    DefaultGitHubRepositoryListing(GitHubService github) {
        this.github = github;
    }

    @Override
    public List<RepositorySummary> list(String userId, String owner) {
        String resolved = owner == null || owner.isBlank() ? github.user(userId).login() : GitHubParameters.owner(owner);
        return github.repos(userId, resolved).stream()
                .map(r -> new RepositorySummary(r.name(), r.fullName(), r.description(), r.isPrivate(), r.cloneUrl(),
                        r.updatedAt(), r.language()))
                .toList();
    }
}
