package io.codingit.github.internal;

import io.codingit.github.GitHubTokens;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.codingit.github.internal.GitHubParameters.pathSegments;
import static io.codingit.github.internal.GitHubParameters.query;
import static io.codingit.github.internal.GitHubParameters.segment;

/** The GitHub routes' work: pick the caller's token, call GitHub, shape the answers as the contract says. */
@Service
class GitHubService {
    private static final int PER_PAGE = 100;

    private final GitHubTokens tokens;
    private final GitHubClient client;

    GitHubService(GitHubTokens tokens, GitHubClient client) {
        this.tokens = tokens;
        this.client = client;
    }

    GitHubViews.User user(String userId) {
        return GitHubViews.User.of(client.get(token(userId), "/user"));
    }

    List<GitHubViews.Org> orgs(String userId) {
        return client.getAllPages(token(userId), "/user/orgs?per_page=" + PER_PAGE).stream()
                .map(GitHubViews.Org::of).toList();
    }

    /**
     * Every repository of {@code owner} visible to the caller's token: their own (private included)
     * when it is the token's login, the organisation's, or the other user's public ones.
     */
    List<GitHubViews.Repo> repos(String userId, String owner) {
        String token = token(userId);
        String login = GitHubViews.text(client.get(token, "/user"), "login");
        String listPath;
        if (owner.equalsIgnoreCase(login)) {
            listPath = "/user/repos?affiliation=owner&per_page=" + PER_PAGE;
        } else if ("Organization".equals(GitHubViews.text(client.get(token, "/users/" + segment(owner)), "type"))) {
            listPath = "/orgs/" + segment(owner) + "/repos?per_page=" + PER_PAGE;
        } else {
            listPath = "/users/" + segment(owner) + "/repos?per_page=" + PER_PAGE;
        }
        return distinctSortedByName(client.getAllPages(token, listPath));
    }

    /** A file or a directory listing; {@code path} and {@code ref} are already validated. */
    Object contents(String userId, String owner, String repo, String path, String ref) {
        String url = "/repos/" + segment(owner) + "/" + segment(repo) + "/contents"
                + (path.isEmpty() ? "" : "/" + pathSegments(path))
                + (ref == null ? "" : "?ref=" + query(ref));
        JsonNode body = client.get(token(userId), url);
        if (body.isArray()) {
            List<GitHubViews.Entry> entries = new ArrayList<>();
            body.forEach(e -> entries.add(GitHubViews.Entry.of(e)));
            return new GitHubViews.Directory("dir", entries);
        }
        return GitHubViews.File.of(body);
    }

    private String token(String userId) {
        return tokens.requireTokenFor(userId).value();
    }

    /** Pages can shift while we read them, so one repository may appear twice; the first copy wins. */
    private static List<GitHubViews.Repo> distinctSortedByName(List<JsonNode> items) {
        Map<String, GitHubViews.Repo> byFullName = new LinkedHashMap<>();
        for (JsonNode item : items) {
            GitHubViews.Repo repo = GitHubViews.Repo.of(item);
            String key = repo.fullName() != null ? repo.fullName().toLowerCase() : repo.name();
            byFullName.putIfAbsent(key, repo);
        }
        List<GitHubViews.Repo> repos = new ArrayList<>(byFullName.values());
        repos.sort(Comparator.comparing((GitHubViews.Repo r) -> r.name() == null ? "" : r.name(),
                String.CASE_INSENSITIVE_ORDER).thenComparing(r -> r.name() == null ? "" : r.name()));
        return repos;
    }
}
