package io.codingit.github.internal;

import io.codingit.common.DomainException;
import io.codingit.github.GitHubPublishException;
import io.codingit.github.GitHubRepositories;
import io.codingit.github.GitHubTokens;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import static io.codingit.github.internal.GitHubParameters.segment;

/**
 * A new repository with files, through GitHub's REST API and the user's token: {@code POST /user/repos}
 * (with {@code auto_init}, since the Git database API refuses an empty repository), one blob per file, one
 * tree of exactly those files (so the generated README is not kept), one commit on top of the initial one,
 * and the default branch moved to it. No git transport and no working copy on the host.
 */
@Service
class GitHubRepositoryService implements GitHubRepositories {
    static final int MAX_FILES = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GitHubTokens tokens;
    private final GitHubClient client;

    GitHubRepositoryService(GitHubTokens tokens, GitHubClient client) {
        this.tokens = tokens;
        this.client = client;
    }

    @Override
    public CreatedRepository create(String userId, NewRepository repository, Map<String, byte[]> files) {
        String name = GitHubParameters.repo(repository.name());
        if (files.isEmpty() || files.size() > MAX_FILES) {
            throw new GitHubPublishException(DomainException.Kind.INVALID, "invalid",
                    "a repository is made of 1 to " + MAX_FILES + " files");
        }
        files.keySet().forEach(GitHubParameters::path);
        String token = tokens.requireTokenFor(userId).value();

        ObjectNode create = JSON.createObjectNode().put("name", name).put("private", repository.isPrivate()).put("auto_init", true);
        if (repository.description() != null) {
            create.put("description", repository.description());
        }
        HttpResponse<String> created = client.post(token, "/user/repos", JSON.writeValueAsString(create));
        if (created.statusCode() == 422) {
            throw new GitHubPublishException(DomainException.Kind.CONFLICT, "github_repository_exists",
                    "GitHub did not create the repository: '" + name + "' exists already (or the name is not allowed)");
        }
        JsonNode repo = body(created);
        String fullName = required(repo, "full_name");
        String branch = required(repo, "default_branch");
        String owner = fullName.substring(0, Math.max(0, fullName.indexOf('/')));
        String base = "/repos/" + segment(owner) + "/" + segment(name) + "/git";

        String parent = required(client.get(token, base + "/ref/heads/" + GitHubParameters.pathSegments(branch)).path("object"), "sha");
        ArrayNode tree = JSON.createArrayNode();
        for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
            ObjectNode blob = JSON.createObjectNode()
                    .put("content", Base64.getEncoder().encodeToString(file.getValue())).put("encoding", "base64");
            String sha = required(body(client.post(token, base + "/blobs", JSON.writeValueAsString(blob))), "sha");
            tree.addObject().put("path", file.getKey()).put("mode", "100644").put("type", "blob").put("sha", sha);
        }
        String treeSha = required(body(client.post(token, base + "/trees",
                JSON.writeValueAsString(JSON.createObjectNode().set("tree", tree)))), "sha");
        ObjectNode commit = JSON.createObjectNode().put("message", repository.message()).put("tree", treeSha);
        commit.putArray("parents").add(parent);
        String commitSha = required(body(client.post(token, base + "/commits", JSON.writeValueAsString(commit))), "sha");
        body(client.patch(token, base + "/refs/heads/" + GitHubParameters.pathSegments(branch),
                JSON.writeValueAsString(JSON.createObjectNode().put("sha", commitSha).put("force", false))));
        return new CreatedRepository(fullName, GitHubViews.text(repo, "html_url"), GitHubViews.text(repo, "clone_url"),
                branch, commitSha);
    }

    private static JsonNode body(HttpResponse<String> response) {
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            throw GitHubErrors.map(response);
        }
        try {
            return JSON.readTree(response.body());
        } catch (RuntimeException e) {
            throw GitHubErrors.unexpectedShape();
        }
    }

    private static String required(JsonNode node, String field) {
        String value = GitHubViews.text(node, field);
        if (value == null) {
            throw GitHubErrors.unexpectedShape();
        }
        return value;
    }
}
