package io.codingit.tasks.internal;

/** A running task as the pipeline sees it: what to do, and where to report. */
public interface TaskRun {
    TaskSpec spec();

    /** Appends a log line of type info, command, success or error (appended atomically, streamed live). */
    void log(TaskLogType type, String message);

    default void info(String message) {
        log(TaskLogType.INFO, message);
    }

    default void command(String message) {
        log(TaskLogType.COMMAND, message);
    }

    /** Sets the progress, 0 to 100; it never goes backwards. */
    void progress(int percent);

    /** Records the branch as soon as it is known (before the push). */
    void branchName(String branch);

    /** Records the URL of the task's sandbox while it runs. */
    void sandboxUrl(String url);

    /** True once the task was cancelled or timed out; the pipeline must stop promptly. */
    boolean isCancelled();

    /** Throws {@link TaskCancelledException} when {@link #isCancelled()}. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new TaskCancelledException();
        }
    }
}
