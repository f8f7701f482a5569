package io.codingit.mcp.internal;

import io.codingit.github.GitHubRepositoryListing;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.tasks.BackgroundTasks;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

import static io.codingit.mcp.internal.Tool.schema;
import static io.codingit.mcp.internal.Tool.string;

/** {@code github_list_repos} (github budget) and the background-task tools (general budget, as /api/tasks). */
@Component
@Lazy
class GitHubAndTaskTools {
    private final GitHubRepositoryListing repositories;
    private final BackgroundTasks tasks;

    GitHubAndTaskTools(GitHubRepositoryListing repositories, BackgroundTasks tasks) {
        this.repositories = repositories;
        this.tasks = tasks;
    }

    List<Tool> tools() {
        return List.of(
                new Tool("github_list_repos", "List the GitHub repositories you can see through the GitHub account "
                        + "connected to CodingIT: your own (private included) or an owner's.",
                        schema(List.of(string("owner", "A user or organisation; default your own account")), List.of()),
                        RateLimitGroup.GITHUB, true,
                        c -> Map.of("repositories", repositories.list(c.userId(), c.arguments().optionalString("owner")))),
                new Tool("start_task", "Start a background coding task: an agent works on a git repository in its "
                        + "own sandbox and pushes a branch. Returns the task; follow it with get_task.",
                        schema(List.of(string("prompt", "What the agent should do"),
                                string("repoUrl", "The repository (https URL); omit for an empty one"),
                                string("agent", "The agent; default codingit"),
                                string("model", "The model; default the agent's")), List.of("prompt")),
                        RateLimitGroup.GENERAL, false,
                        c -> tasks.start(c.userId(), c.arguments().requiredString("prompt"),
                                c.arguments().optionalString("repoUrl"), c.arguments().optionalString("agent"),
                                c.arguments().optionalString("model"))),
                new Tool("get_task", "A background task's status, progress, log and result (branch, pull request).",
                        schema(List.of(string("id", "The task id start_task returned")), List.of("id")),
                        RateLimitGroup.GENERAL, true,
                        c -> tasks.get(c.userId(), c.arguments().requiredString("id"))));
    }
}
