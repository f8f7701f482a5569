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
 * @param apiKey  the caller's own key for the model's provider, or null for the server's; never logged
 *                or returned, stored encrypted only until the task ends
 * @param baseUrl the caller's base URL for the model's provider, or null for the server's
 */
public record TaskSpec(String taskId, String userId, String prompt, String repoUrl, String agent, String model,
                       String apiKey, String baseUrl) {

    public TaskSpec(String taskId, String userId, String prompt, String repoUrl, String agent, String model) {
        this(taskId, userId, prompt, repoUrl, agent, model, null, null);
    }

    @Override
    public String toString() {
        return "TaskSpec[taskId=" + taskId + ", userId=" + userId + ", repoUrl=" + repoUrl + ", agent=" + agent
                + ", model=" + model + ", apiKey=" + (apiKey == null ? "<none>" : "<set>") + ", baseUrl=" + baseUrl + "]";
    }
}
