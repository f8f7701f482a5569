package io.codingit.tasks.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.tasks.TaskException;
import io.codingit.github.GitHubPullRequests;
import io.codingit.tasks.TaskFinished;
import io.codingit.tasks.TaskStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** What the task routes do: create, read, cancel and delete a user's tasks, open a pull request. */
@Service
class TaskService {
    static final String DEFAULT_AGENT = "codingit";
    private static final Pattern UUID_FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final TaskStore store;
    private final TaskSignals signals;
    private final TaskWorkers workers;
    private final TasksProperties properties;
    private final ObjectProvider<TaskPipeline> pipelines;
    private final ObjectProvider<GitHubPullRequests> pullRequests;
    private final ApplicationEventPublisher events;
    private final Clock clock = Clock.systemUTC();

    TaskService(TaskStore store, TaskSignals signals, TaskWorkers workers, TasksProperties properties,
                ObjectProvider<TaskPipeline> pipelines, ObjectProvider<GitHubPullRequests> pullRequests,
                ApplicationEventPublisher events) {
        this.store = store;
        this.signals = signals;
        this.workers = workers;
        this.properties = properties;
        this.pipelines = pipelines;
        this.pullRequests = pullRequests;
        this.events = events;
    }

    /** Validates (here and in the pipeline), stores the task as pending and wakes the workers. */
    TaskRecord create(String userId, String prompt, String repoUrl, String agent, String model) {
        return create(userId, prompt, repoUrl, agent, model, null, null);
    }

    /** As above, with the caller's own API key and base URL for the model's provider (either may be null). */
    TaskRecord create(String userId, String prompt, String repoUrl, String agent, String model, String apiKey, String baseUrl) {
        TaskPipeline pipeline = pipelines.getIfAvailable();
        if (pipeline == null) {
            throw new TaskException(Kind.UNAVAILABLE, "Tasks are not available on this server (no task pipeline is installed)");
        }
        TaskSpec spec = new TaskSpec(UUID.randomUUID().toString(), userId, prompt, repoUrl,
                agent == null ? DEFAULT_AGENT : agent, model, apiKey, baseUrl);
        pipeline.validate(spec);
        store.insert(spec, clock.instant());
        // read before waking the workers: the answer is the task as created (pending), not whatever
        // state a worker of this server has already moved it to
        TaskRecord created = store.find(spec.taskId()).orElseThrow();
        signals.queueChanged();
        return created;
    }

    /** The pipeline's agents and whether each can run here; none when no pipeline is installed. */
    List<AgentAvailability> agents() {
        TaskPipeline pipeline = pipelines.getIfAvailable();
        return pipeline == null ? List.of() : pipeline.agents();
    }

    List<TaskViews.Task> list(String userId) {
        Map<String, List<TaskLogLine>> logs = store.logsOfUser(userId);
        return store.listOwned(userId).stream()
                .map(t -> TaskViews.Task.of(t, logs.getOrDefault(t.id(), List.of()))).toList();
    }

    TaskViews.Task view(TaskRecord task) {
        return TaskViews.Task.of(task, store.logs(task.id(), 0, Integer.MAX_VALUE));
    }

    /** The caller's task; 404 for anyone else's, for a missing one and for an id that cannot be one. */
    TaskRecord owned(String userId, String taskId) {
        if (taskId == null || !UUID_FORM.matcher(taskId).matches()) {
            throw notFound();
        }
        return store.findOwned(userId, taskId).orElseThrow(TaskService::notFound);
    }

    /**
     * Cancels a pending task at once; asks a processing one to stop (on whichever server runs it)
     * and waits a little for it to end, so that the answer usually shows {@code cancelled}.
     */
    TaskRecord cancel(String userId, String taskId) {
        TaskRecord task = owned(userId, taskId);
        if (task.status().terminal()) {
            throw new TaskException(Kind.CONFLICT, "The task has already ended (" + task.status().wire() + ")");
        }
        requestStop(task);
        Instant until = clock.instant().plus(properties.cancelGrace().plusSeconds(1));
        try (TaskSignals.Subscription changes = signals.subscribe(taskId)) {
            while (clock.instant().isBefore(until)) {
                long seen = changes.version();
                TaskRecord now = store.find(taskId).orElseThrow(TaskService::notFound);
                if (now.status().terminal()) {
                    return now;
                }
                changes.await(seen, properties.pollInterval());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return store.find(taskId).orElseThrow(TaskService::notFound);
    }

    private void requestStop(TaskRecord task) {
        Instant now = clock.instant();
        if (task.status() == TaskStatus.PENDING && store.cancelPending(task.id(), "Cancelled", now)) {
            store.appendLog(task.id(), TaskLogType.INFO, "Task cancelled before it started", now);
            signals.taskChanged(task.id());
            events.publishEvent(new TaskFinished(task.id(), task.userId(), TaskStatus.CANCELLED, "Cancelled", null, now));
            return;
        }
        // processing (or claimed a moment ago): the flag reaches a worker on another server at its next poll
        store.requestCancel(task.id(), now);
        workers.stopLocal(task.id(), LocalRun.StopReason.CANCELLED);
    }

    /** Deletes a task with its logs; a running one is stopped first. */
    void delete(String userId, String taskId) {
        TaskRecord task = owned(userId, taskId);
        if (!task.status().terminal()) {
            requestStop(task);
        }
        store.deleteOwned(userId, taskId);
        signals.taskChanged(taskId);
    }

    int deleteFinished(String userId, Set<TaskStatus> statuses) {
        return store.deleteOwnedWithStatus(userId, statuses);
    }

    /** Opens a GitHub pull request for the branch a completed task pushed, and records its URL. */
    TaskViews.PullRequestOpened openPullRequest(String userId, String taskId, String title, String body, String base) {
        TaskRecord task = owned(userId, taskId);
        if (task.status() != TaskStatus.COMPLETED || task.branchName() == null || task.repoUrl() == null) {
            throw new TaskException(Kind.CONFLICT, "Only a completed task that pushed a branch can get a pull request");
        }
        if (task.pullRequestUrl() != null) {
            throw new TaskException(Kind.CONFLICT, "A pull request was already opened for this task: " + task.pullRequestUrl());
        }
        GitHubPullRequests github = pullRequests.getIfAvailable();
        if (github == null) {
            throw new TaskException(Kind.UNAVAILABLE, "GitHub is not available on this server");
        }
        GitHubPullRequests.PullRequest pr = github.open(userId, task.repoUrl(), new GitHubPullRequests.NewPullRequest(
                task.branchName(), base, title != null ? title : defaultTitle(task.prompt()),
                body != null ? body : defaultBody(task)));
        store.setPullRequest(taskId, pr.htmlUrl(), clock.instant());
        signals.taskChanged(taskId);
        TaskRecord updated = store.find(taskId).orElseThrow(TaskService::notFound);
        return new TaskViews.PullRequestOpened(new TaskViews.PullRequest(pr.number(), pr.htmlUrl(), pr.state(),
                pr.head(), pr.base()), view(updated));
    }

    static String defaultTitle(String prompt) {
        String firstLine = prompt.strip().lines().findFirst().orElse("CodingIT task").strip();
        return firstLine.length() <= 72 ? firstLine : firstLine.substring(0, 71) + "…";
    }

    private static String defaultBody(TaskRecord task) {
        String prompt = task.prompt().length() <= 4000 ? task.prompt() : task.prompt().substring(0, 4000) + "…";
        return "Opened by CodingIT for task " + task.id() + " (agent `" + task.selectedAgent() + "`).\n\n"
                + "Prompt:\n\n> " + prompt.replace("\n", "\n> ");
    }

    Duration pollInterval() {
        return properties.pollInterval();
    }

    private static TaskException notFound() {
        return new TaskException(Kind.NOT_FOUND, "Task not found");
    }
}
