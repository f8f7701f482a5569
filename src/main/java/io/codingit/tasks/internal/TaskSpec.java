package io.codingit.tasks.internal;

/**
 * What a caller asked for, as stored with the task.
 *
 * @param taskId  the task's id (null before it is stored)
 * @param userId  the owner, from the authenticated session
 * @param prompt  what the agent should do
 * @param repoUrl the git repository to work on, or null for none
 * @param agent   the agent id ({@code codingit} when the caller named none)
 * @param model   the model id, or null for the agent's default
 */
public record TaskSpec(String taskId, String userId, String prompt, String repoUrl, String agent, String model) {
}
