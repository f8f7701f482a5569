package io.codingit.tasks.internal;

/**
 * The work a task does once a worker has claimed it: clone, branch, run the agent, commit, push.
 * The queue and store (leases, logs, SSE, cancellation, timeouts) are one side of this seam, the
 * pipeline (git and agents) the other, so that each can be tested on its own.
 */
public interface TaskPipeline {
    /**
     * Checks a new task before it is stored: repository URL policy, agent and model names.
     * Throws a {@link io.codingit.common.DomainException} of kind INVALID (400) naming what is wrong.
     */
    void validate(TaskSpec spec);

    /**
     * Runs the task to its end on the calling thread. Reports progress and log lines through
     * {@code run}; returns the outcome on success. Throws {@link TaskFailedException} with a
     * user-readable reason on failure, and {@link TaskCancelledException} (or responds to thread
     * interruption) once {@link TaskRun#isCancelled()} turns true. Must release every sandbox it
     * created before returning, whatever the outcome.
     */
    TaskOutcome run(TaskRun run);

    /** The agents a task may name, each with whether it can run on this server (none for a pipeline without agents). */
    default java.util.List<AgentAvailability> agents() {
        return java.util.List.of();
    }
}
