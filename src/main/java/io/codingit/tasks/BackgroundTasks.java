package io.codingit.tasks;

import java.time.Instant;
import java.util.List;

/**
 * Background coding tasks for other features (the MCP server's {@code start_task} and {@code get_task}): the
 * same validation, queue and ownership as {@code /api/tasks}. Another user's task is "not found", exactly as an
 * id that does not exist. Failures are {@link TaskException}s.
 */
public interface BackgroundTasks {
    /**
     * Queues a task as {@code POST /api/tasks} does.
     *
     * @param repoUrl may be null (the agent works in an empty repository)
     * @param agent   null for the default agent
     * @param model   null for the agent's default model
     */
    TaskSummary start(String userId, String prompt, String repoUrl, String agent, String model);

    /** The caller's task with its log, or NOT_FOUND. */
    TaskSummary get(String userId, String taskId);

    /**
     * A task as a caller sees it.
     *
     * @param logs the task's log lines, oldest first
     */
    record TaskSummary(String id, TaskStatus status, int progress, String prompt, String repoUrl, String agent,
                       String branchName, String error, String pullRequestUrl, List<String> logs,
                       Instant createdAt, Instant finishedAt) {
        public TaskSummary {
            logs = List.copyOf(logs);
        }
    }
}
