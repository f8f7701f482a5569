package io.codingit.tasks.internal;

/** A task failed for a reason the user may read (stored in {@code error} and the log). Never carries secrets. */
public class TaskFailedException extends RuntimeException {
    public TaskFailedException(String reason) {
        super(reason);
    }

    public TaskFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
