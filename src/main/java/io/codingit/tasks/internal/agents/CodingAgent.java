package io.codingit.tasks.internal.agents;

/** An agent that edits the work tree inside the sandbox; the pipeline commits whatever it leaves there. */
public interface CodingAgent {
    /** The {@code selectedAgent} value. */
    String id();

    /** Whether the agent's sandbox must reach the llm feature's model relay (CLI agents: no server key enters a sandbox). */
    default boolean needsModelRelay() {
        return false;
    }

    /** Why a task with this agent cannot run on this server, with what would fix it; null when it can. */
    default String unavailableReason() {
        return null;
    }

    /** Checks {@code selectedModel} (null: the agent's default) at task creation; 400 naming what is wrong. */
    void validateModel(String model);

    /**
     * Runs to completion on the calling thread. Throws {@link io.codingit.tasks.internal.TaskFailedException}
     * with a readable reason, {@link io.codingit.tasks.internal.TaskCancelledException} once the run is cancelled.
     */
    void run(AgentContext context);
}
