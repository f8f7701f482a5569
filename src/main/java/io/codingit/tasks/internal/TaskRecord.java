package io.codingit.tasks.internal;

import io.codingit.tasks.TaskStatus;

import java.time.Instant;

/** One row of {@code tasks}, as the routes and the workers read it. */
record TaskRecord(String id, String userId, TaskStatus status, int progress, String prompt, String repoUrl,
                  String selectedAgent, String selectedModel, String sandboxUrl, String branchName, String error,
                  String pullRequestUrl,
                  Instant createdAt, Instant updatedAt, Instant finishedAt, int attempts, boolean cancelRequested,
                  long logSeq, String sealedModelApiKey, String modelBaseUrl) {

    /** The spec without the caller's key ({@link TaskStore#spec} reads that back). */
    TaskSpec spec() {
        return new TaskSpec(id, userId, prompt, repoUrl, selectedAgent, selectedModel, null, modelBaseUrl);
    }

    @Override
    public String toString() {
        return "TaskRecord[id=" + id + ", status=" + status + ", agent=" + selectedAgent + "]";
    }
}
