package io.codingit.tasks.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.codingit.auth.AuthenticatedUser;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.tasks.TaskStatus;
import io.codingit.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.JsonNode;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The contract's Tasks API plus cancel, live events and pull requests; see docs/tasks.md. */
@RestController
@RequestMapping(path = "/api/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Tasks", description = "Background coding agents working on a git repository")
class TasksController {
    /** What {@code DELETE /api/tasks?action=} accepts; "failed" covers both ways a task can fail. */
    static final String VALID_ACTIONS = "completed, failed";

    private final TaskService tasks;
    private final TaskEventStream events;
    private final TasksProperties properties;

    TasksController(TaskService tasks, TaskEventStream events, TasksProperties properties) {
        this.tasks = tasks;
        this.events = events;
        this.properties = properties;
    }

    @GetMapping
    @Operation(summary = "The caller's tasks, newest first, each with its log lines")
    TaskViews.Many list(@AuthenticationPrincipal AuthenticatedUser user) {
        return new TaskViews.Many(tasks.list(user.id()));
    }

    @PostMapping
    @Operation(summary = "Queue a task",
            description = "Body {prompt, repoUrl?, selectedAgent?, selectedModel?, apiKey?, baseURL?} (apiKey and baseURL "
                    + "as in the chat's config, also accepted inside config: the caller's own key and endpoint for the "
                    + "model's provider; the key is never returned). 201 with the task, status "
                    + "pending; a worker picks it up at once when one is free. 400 for a missing or over-long "
                    + "prompt, a field of the wrong type, a repository URL or agent the pipeline refuses.")
    ResponseEntity<TaskViews.One> create(@AuthenticationPrincipal AuthenticatedUser user,
                                         @RequestBody(required = false) CreateBody request) {
        JsonNode body = request == null ? null : request.json();
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("A JSON object body is required");
        }
        String prompt = text(body, "prompt", properties.maxPromptLength());
        if (prompt == null || prompt.isBlank()) {
            throw ApiException.badRequest("Field 'prompt' is required");
        }
        String repoUrl = blankToNull(text(body, "repoUrl", 2048));
        String agent = blankToNull(text(body, "selectedAgent", 64));
        String model = blankToNull(text(body, "selectedModel", 200));
        // the chat's model settings (POST /api/chat's config.apiKey and config.baseURL), top level or in config
        JsonNode config = body.path("config").isObject() ? body.get("config") : body;
        String apiKey = blankToNull(text(config, "apiKey", 1000));
        String baseUrl = blankToNull(text(config, "baseURL", 2048));
        TaskRecord task = tasks.create(user.id(), prompt, repoUrl, agent, model, apiKey, baseUrl);
        // a new task has no log lines yet (a worker may already be writing some: they are on the stream)
        return ResponseEntity.status(HttpStatus.CREATED).body(new TaskViews.One(TaskViews.Task.of(task, List.of())));
    }

    /**
     * The body of {@code POST /api/tasks} as it came (its fields are checked one by one), wrapped so that
     * Spring MVC's request logging (TRACE) prints the field names only: it may carry the caller's API key.
     */
    static final class CreateBody {
        private final JsonNode json;

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        CreateBody(JsonNode json) {
            this.json = json;
        }

        JsonNode json() {
            return json;
        }

        @Override
        public String toString() {
            return json != null && json.isObject() ? "task request with fields " + List.copyOf(json.propertyNames()) : "task request";
        }
    }

    @DeleteMapping
    @Operation(summary = "Delete the caller's ended tasks",
            description = "action is a comma-separated list of: completed, failed (failed = status error or "
                    + "cancelled). Pending and processing tasks are never deleted here.")
    TaskViews.Deleted deleteFinished(@AuthenticationPrincipal AuthenticatedUser user,
                                     @Parameter(description = "completed, failed or both, comma-separated")
                                     @RequestParam(name = "action", required = false) String action) {
        if (action == null || action.isBlank()) {
            throw ApiException.badRequest("Query parameter 'action' is required; valid actions: " + VALID_ACTIONS);
        }
        Set<TaskStatus> statuses = EnumSet.noneOf(TaskStatus.class);
        for (String part : action.split(",", -1)) {
            switch (part.strip().toLowerCase(Locale.ROOT)) {
                case "completed" -> statuses.add(TaskStatus.COMPLETED);
                case "failed" -> {
                    statuses.add(TaskStatus.ERROR);
                    statuses.add(TaskStatus.CANCELLED);
                }
                default -> throw ApiException.badRequest("Invalid action '" + truncate(part.strip())
                        + "'; valid actions: " + VALID_ACTIONS);
            }
        }
        int deleted = tasks.deleteFinished(user.id(), statuses);
        return new TaskViews.Deleted("Deleted " + deleted + (deleted == 1 ? " task" : " tasks"), deleted);
    }

    /** {@code GET /api/tasks/agents}: which agents can run here (the console offers only those). */
    record AgentsView(List<AgentAvailability> agents) {
    }

    @GetMapping("/agents")
    @Operation(summary = "The agents a task may name, each with whether it can run on this server",
            description = "{agents: [{id, available, reason}]}: reason says why an agent cannot run here (its CLI is not "
                    + "installed in the sandbox template, no provider key, no sandbox networking) and what would fix it.")
    AgentsView agents() {
        return new AgentsView(tasks.agents());
    }

    @GetMapping("/{taskId}")
    @Operation(summary = "One task with its log lines", description = "404 if it is not the caller's.")
    TaskViews.One get(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String taskId) {
        return new TaskViews.One(tasks.view(tasks.owned(user.id(), taskId)));
    }

    @DeleteMapping("/{taskId}")
    @Operation(summary = "Delete a task and its logs", description = "A pending or running task is cancelled first.")
    TaskViews.Message delete(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String taskId) {
        tasks.delete(user.id(), taskId);
        return new TaskViews.Message("Task deleted successfully");
    }

    @PostMapping("/{taskId}/cancel")
    @Operation(summary = "Cancel a task",
            description = "A pending task is cancelled at once; a running one is stopped (its agent is interrupted "
                    + "and its sandbox released) and the answer waits a few seconds for that. 409 if it has ended.")
    TaskViews.One cancel(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String taskId) {
        return new TaskViews.One(tasks.view(tasks.cancel(user.id(), taskId)));
    }

    @GetMapping(value = "/{taskId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow a task live (Server-Sent Events)",
            description = "event: log (id = the line's seq, data = the log line), event: task (status, progress, "
                    + "branch_name, sandbox_url, error when they change), event: end once the task has ended. "
                    + "Send Last-Event-ID to resume after a line.")
    ResponseEntity<ResponseBodyEmitter> events(@AuthenticationPrincipal AuthenticatedUser user,
                                               @PathVariable String taskId,
                                               @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        long after = parseLastEventId(lastEventId);
        TaskRecord task = tasks.owned(user.id(), taskId);
        return events.respond(task.id(), after);
    }

    @PostMapping("/{taskId}/pull-request")
    @Operation(summary = "Open a GitHub pull request for the branch the task pushed",
            description = "Optional body {title?, body?, base?} (base: the repository's default branch when absent). "
                    + "409 unless the task completed with a pushed branch, or if it has a pull request already; "
                    + "503 without a GitHub connection; 422 when GitHub refuses.")
    ResponseEntity<TaskViews.PullRequestOpened> pullRequest(@AuthenticationPrincipal AuthenticatedUser user,
                                                            @PathVariable String taskId,
                                                            @RequestBody(required = false) JsonNode body) {
        if (body != null && !body.isNull() && !body.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object");
        }
        JsonNode fields = body == null ? null : body;
        String title = blankToNull(fields == null ? null : text(fields, "title", 256));
        String description = fields == null ? null : text(fields, "body", 65_536);
        String base = blankToNull(fields == null ? null : text(fields, "base", 255));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(tasks.openPullRequest(user.id(), taskId, title, description, base));
    }

    /** A string field or null; 400 when it has another JSON type or is longer than {@code max}. */
    private static String text(JsonNode body, String field, int max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ApiException.badRequest("Field '" + field + "' must be a string");
        }
        String text = value.asString();
        if (text.length() > max) {
            throw ApiException.badRequest("Field '" + field + "' is too long (at most " + max + " characters)");
        }
        return text;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static long parseLastEventId(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            long value = Long.parseLong(header.strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Last-Event-ID must be the id of an event of this stream (a number)");
        }
    }

    private static String truncate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
