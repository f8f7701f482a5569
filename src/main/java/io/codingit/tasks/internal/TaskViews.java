package io.codingit.tasks.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** The JSON shapes of the Tasks API; field names as the contract spells them (snake_case). */
final class TaskViews {
    private TaskViews() {
    }

    record Task(String id, @JsonProperty("user_id") String userId, String status, int progress, String prompt,
                @JsonProperty("repo_url") String repoUrl, @JsonProperty("selected_agent") String selectedAgent,
                @JsonProperty("selected_model") String selectedModel, @JsonProperty("sandbox_url") String sandboxUrl,
                @JsonProperty("branch_name") String branchName, String error,
                @JsonProperty("pull_request_url") String pullRequestUrl, List<Log> logs,
                @JsonProperty("created_at") Instant createdAt, @JsonProperty("updated_at") Instant updatedAt,
                @JsonProperty("finished_at") Instant finishedAt) {
        static Task of(TaskRecord t, List<TaskLogLine> logs) {
            return new Task(t.id(), t.userId(), t.status().wire(), t.progress(), t.prompt(), t.repoUrl(),
                    t.selectedAgent(), t.selectedModel(), t.sandboxUrl(), t.branchName(), t.error(),
                    t.pullRequestUrl(), logs.stream().map(Log::of).toList(), t.createdAt(), t.updatedAt(),
                    t.finishedAt());
        }
    }

    /** A log line; {@code id} is the line's sequence number within its task (also its SSE event id). */
    record Log(String id, long seq, Instant timestamp, String type, String message) {
        static Log of(TaskLogLine line) {
            return new Log(Long.toString(line.seq()), line.seq(), line.timestamp(), line.type().wire(), line.message());
        }
    }

    /** The state part of a task, sent as an SSE {@code task} event whenever it changes. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record State(String id, String status, int progress, @JsonProperty("branch_name") String branchName,
                 @JsonProperty("sandbox_url") String sandboxUrl, String error,
                 @JsonProperty("pull_request_url") String pullRequestUrl,
                 @JsonProperty("updated_at") Instant updatedAt, @JsonProperty("finished_at") Instant finishedAt) {
        static State of(TaskRecord t) {
            return new State(t.id(), t.status().wire(), t.progress(), t.branchName(), t.sandboxUrl(), t.error(),
                    t.pullRequestUrl(), t.updatedAt(), t.finishedAt());
        }

        /** Equal apart from the update time, which log lines move too. */
        boolean sameAs(State other) {
            return other != null && status.equals(other.status) && progress == other.progress
                    && java.util.Objects.equals(branchName, other.branchName)
                    && java.util.Objects.equals(sandboxUrl, other.sandboxUrl)
                    && java.util.Objects.equals(error, other.error)
                    && java.util.Objects.equals(pullRequestUrl, other.pullRequestUrl);
        }
    }

    record One(Task task) {
    }

    record Many(List<Task> tasks) {
    }

    record Deleted(String message, int deletedCount) {
    }

    record Message(String message) {
    }

    record PullRequest(long number, String url, String state, String head, String base) {
    }

    record PullRequestOpened(@JsonProperty("pull_request") PullRequest pullRequest, Task task) {
    }
}
