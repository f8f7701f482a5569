package io.codingit.tasks.internal;

import java.time.Instant;

/** One row of {@code task_logs}; {@code seq} orders a task's lines and is the SSE event id. */
record TaskLogLine(String taskId, long seq, Instant timestamp, TaskLogType type, String message) {
}
