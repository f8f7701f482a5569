package io.codingit.tasks;

import java.time.Instant;

/**
 * Published (as a Spring application event, on the server that ran it) when a task reaches
 * {@code completed}, {@code error} or {@code cancelled}.
 *
 * @param taskId     the task
 * @param userId     its owner
 * @param status     the final status
 * @param error      the reason of an error or a cancellation, or null
 * @param branchName the pushed branch, or null
 * @param finishedAt when it ended
 */
public record TaskFinished(String taskId, String userId, TaskStatus status, String error, String branchName,
                           Instant finishedAt) {
}
