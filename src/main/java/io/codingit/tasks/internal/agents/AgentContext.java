package io.codingit.tasks.internal.agents;

import io.codingit.sandbox.spi.Sandbox;

/**
 * What an agent works with.
 *
 * @param run     where to log (secrets registered on it are redacted) and how to notice cancellation
 * @param sandbox the task's sandbox
 * @param workdir the repository's directory inside the sandbox (absolute, under {@code /home/user})
 * @param prompt  the task's prompt
 * @param model   the task's model, or null for the agent's default
 */
public record AgentContext(RedactingTaskRun run, Sandbox sandbox, String workdir, String prompt, String model) {
}
