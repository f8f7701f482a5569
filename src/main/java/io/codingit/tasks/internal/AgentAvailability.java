package io.codingit.tasks.internal;

/**
 * Whether an agent can run tasks on this server ({@code GET /api/tasks/agents}).
 *
 * @param id        the {@code selectedAgent} value
 * @param available true when a task with this agent can run here
 * @param reason    why not, with what would make it available; null when available
 */
public record AgentAvailability(String id, boolean available, String reason) {
}
