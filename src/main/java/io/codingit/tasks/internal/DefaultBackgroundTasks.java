package io.codingit.tasks.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.tasks.BackgroundTasks;
import io.codingit.tasks.TaskException;
import org.springframework.stereotype.Service;

import java.util.List;

/** {@link BackgroundTasks} over the same service as the task routes. */
@Service
class DefaultBackgroundTasks implements BackgroundTasks {
    private final TaskService tasks;
    private final TaskStore store;
    private final TasksProperties properties;

    DefaultBackgroundTasks(TaskService tasks, TaskStore store, TasksProperties properties) {
        this.tasks = tasks;
        this.store = store;
        this.properties = properties;
    }

    @Override
    public TaskSummary start(String userId, String prompt, String repoUrl, String agent, String model) {
        if (prompt == null || prompt.isBlank()) {
            throw new TaskException(Kind.INVALID, "'prompt' is required");
        }
        if (prompt.length() > properties.maxPromptLength()) {
            throw new TaskException(Kind.INVALID, "'prompt' is too long (at most " + properties.maxPromptLength()
                    + " characters)");
        }
        return summary(tasks.create(userId, prompt, repoUrl, agent, model), List.of());
    }

    @Override
    public TaskSummary get(String userId, String taskId) {
        TaskRecord task = tasks.owned(userId, taskId);
        return summary(task, store.logs(task.id(), 0, Integer.MAX_VALUE));
    }

    private static TaskSummary summary(TaskRecord t, List<TaskLogLine> logs) {
        return new TaskSummary(t.id(), t.status(), t.progress(), t.prompt(), t.repoUrl(), t.selectedAgent(),
                t.branchName(), t.error(), t.pullRequestUrl(),
                logs.stream().map(l -> "[" + l.type().wire() + "] " + l.message()).toList(), t.createdAt(),
                t.finishedAt());
    }
}
