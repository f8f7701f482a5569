package io.codingit.tasks.internal;

import io.codingit.tasks.TaskStatus;

import java.time.Instant;

/** One row of {@code tasks}, as the routes and the workers read it. */
record TaskRecord(String id, String userId, TaskStatus status, int progress, String prompt, String repoUrl,
                  String selectedAgent, String selectedModel, String sandboxUrl, String branchName, String error,
                  String pullRequestUrl,
                  Instant createdAt, Instant updatedAt, Instant finishedAt, int attempts, boolean cancelRequested,
                  long logSeq) {

    TaskSpec spec() {
        return new TaskSpec(id, userId, prompt, repoUrl, selectedAgent, selectedModel);
    }
}
