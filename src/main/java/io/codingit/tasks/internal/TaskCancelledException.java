package io.codingit.tasks.internal;

/** Thrown by the pipeline when it notices that its task was cancelled or timed out. */
public class TaskCancelledException extends RuntimeException {
    public TaskCancelledException() {
        super("Task cancelled");
    }
}
