package io.codingit.tasks;

import io.codingit.support.IntegrationTest;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Tasks API's contract on H2: shapes, statuses, bad input, ownership, cancel and delete. */
@IntegrationTest
@Import(ScriptedPipeline.Config.class)
@TestPropertySource(properties = {
        "codingit.tasks.poll-interval=100ms",
        "codingit.tasks.cancel-grace=2s",
        "codingit.rate-limit.general.capacity=1000000"})
class TasksRoutesTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;
    @Autowired
    ScriptedPipeline.FinishedTasks finished;
    @Autowired
    MeterRegistry meters;
    TestApi anonymous;
    TestApi api;
    SignedUpUser user;

    @BeforeEach
    void signUp() {
        anonymous = new TestApi(port);
        user = TestUsers.signUp(anonymous);
        api = anonymous.as(user.accessToken());
    }

    @Test
    void aNewTaskIsPendingAtOnceThenRunsToCompletedWithItsLogsAndBranch() {
        TestApi.Response created = api.post("/api/tasks", Map.of("prompt", "block:c1 log:2 progress:50 branch:codingit/x-abc123",
                "repoUrl", "https://github.com/acme/widgets.git", "selectedModel", "gpt-4o"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode task = created.json().get("task");
        String id = task.get("id").asString();
        assertThat(task.get("status").asString()).as("the answer is the task as created").isEqualTo("pending");
        assertThat(task.get("user_id").asString()).isEqualTo(user.id());
        assertThat(task.get("progress").asInt()).isZero();
        assertThat(task.get("repo_url").asString()).isEqualTo("https://github.com/acme/widgets.git");
        assertThat(task.get("selected_agent").asString()).isEqualTo("codingit");
        assertThat(task.get("selected_model").asString()).isEqualTo("gpt-4o");
        assertThat(task.get("created_at").asString()).isNotBlank();
        assertThat(task.get("updated_at").asString()).isNotBlank();
        assertThat(task.get("logs").isArray()).isTrue();
        assertThat(task.get("logs")).isEmpty();

        ScriptedPipeline.release("c1");
        JsonNode done = Tasks.awaitStatus(api, id, "completed", WAIT);
        assertThat(done.get("progress").asInt()).isEqualTo(100);
        assertThat(done.get("branch_name").asString()).isEqualTo("codingit/x-abc123");
        assertThat(done.get("sandbox_url").asString()).isEqualTo("http://sandbox.test/" + id);
        assertThat(done.get("finished_at").asString()).isNotBlank();
        assertThat(done.get("error").isNull()).isTrue();
        List<String> messages = new ArrayList<>();
        List<String> types = new ArrayList<>();
        long previous = 0;
        for (JsonNode line : done.get("logs")) {
            messages.add(line.get("message").asString());
            types.add(line.get("type").asString());
            assertThat(line.get("seq").asLong()).isGreaterThan(previous);
            assertThat(line.get("id").asString()).isEqualTo(Long.toString(line.get("seq").asLong()));
            assertThat(line.get("timestamp").asString()).isNotBlank();
            previous = line.get("seq").asLong();
        }
        assertThat(messages).containsExactly("Task started", "line 1", "line 2", "Pushed codingit/x-abc123");
        assertThat(types).containsExactly("info", "info", "info", "success");
        assertThat(ScriptedPipeline.executions(id)).isEqualTo(1);
        assertThat(finished.events).filteredOn(e -> e.taskId().equals(id)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(e.userId()).isEqualTo(user.id());
            assertThat(e.branchName()).isEqualTo("codingit/x-abc123");
        });
    }

    @Test
    void listIsNewestFirstWithLogsAndOnlyTheCallersTasks() {
        String first = Tasks.create(api, "log:1").get("id").asString();
        Tasks.sleep(5);
        String second = Tasks.create(api, "log:1").get("id").asString();
        TestApi other = anonymous.as(TestUsers.signUp(anonymous).accessToken());
        Tasks.create(other, "log:1");
        Tasks.awaitStatus(api, first, "completed", WAIT);
        Tasks.awaitStatus(api, second, "completed", WAIT);

        JsonNode tasks = api.get("/api/tasks").json().get("tasks");

        assertThat(tasks).hasSize(2);
        assertThat(tasks.get(0).get("id").asString()).isEqualTo(second);
        assertThat(tasks.get(1).get("id").asString()).isEqualTo(first);
        assertThat(tasks.get(0).get("logs").size()).isEqualTo(3);
    }

    @Test
    void aFailingPipelineEndsInErrorWithTheReasonAndAnUnexpectedOneHidesItsDetail() {
        String failing = Tasks.create(api, "log:1 fail:clone_refused").get("id").asString();
        String crashing = Tasks.create(api, "boom").get("id").asString();

        JsonNode failed = Tasks.awaitStatus(api, failing, "error", WAIT);
        JsonNode crashed = Tasks.awaitStatus(api, crashing, "error", WAIT);

        assertThat(failed.get("error").asString()).isEqualTo("clone refused");
        JsonNode lastLine = failed.get("logs").get(failed.get("logs").size() - 1);
        assertThat(lastLine.get("type").asString()).isEqualTo("error");
        assertThat(lastLine.get("message").asString()).isEqualTo("clone refused");
        assertThat(crashed.get("error").asString()).isEqualTo("The task failed unexpectedly (IllegalStateException)");
        assertThat(crashed.toString()).doesNotContain("secret internal detail");
    }

    @Test
    void badBodiesAreRefusedNamingTheProblem() {
        assertBadRequest(api.post("/api/tasks", Map.of()), "Field 'prompt' is required");
        assertBadRequest(api.post("/api/tasks", Map.of("prompt", "   ")), "Field 'prompt' is required");
        assertBadRequest(api.post("/api/tasks", Map.of("prompt", 42)), "Field 'prompt' must be a string");
        assertBadRequest(api.post("/api/tasks", Map.of("prompt", List.of("a"))), "Field 'prompt' must be a string");
        assertBadRequest(api.post("/api/tasks", Map.of("prompt", "x", "repoUrl", 1)), "Field 'repoUrl' must be a string");
        assertBadRequest(api.post("/api/tasks", Map.of("prompt", "x", "selectedAgent", true)),
                "Field 'selectedAgent' must be a string");
        assertBadRequest(api.post("/api/tasks", Map.of("prompt", "x", "selectedModel", Map.of())),
                "Field 'selectedModel' must be a string");
        assertBadRequest(api.post("/api/tasks", "[1,2]"), "A JSON object body is required");
        assertBadRequest(api.post("/api/tasks", "\"prompt\""), "A JSON object body is required");
        assertThat(api.post("/api/tasks", "{\"prompt\": ").status()).isEqualTo(400);
        assertBadRequest(api.post("/api/tasks", Map.of("prompt", "x".repeat(1024 * 1024))),
                "Field 'prompt' is too long (at most 20000 characters)");
        // what the pipeline refuses is refused at creation, and nothing is stored
        assertBadRequest(api.post("/api/tasks", Map.of("prompt", "x", "repoUrl", "https://forbidden.example/x.git")),
                "Repository URL not allowed");
        assertBadRequest(api.post("/api/tasks", Map.of("prompt", "x", "selectedAgent", "nope")), "Unknown agent 'nope'");
        assertThat(api.get("/api/tasks").json().get("tasks")).isEmpty();
    }

    @Test
    void badIdsAndOtherUsersTasksAre404OnEveryRoute() {
        String id = Tasks.create(api, "block:never-released").get("id").asString();
        Tasks.awaitStatus(api, id, "processing", WAIT);
        TestApi other = anonymous.as(TestUsers.signUp(anonymous).accessToken());

        for (String taskId : List.of(id, UUID.randomUUID().toString(), "not-a-uuid", "1234", "x".repeat(300))) {
            assertThat(other.get("/api/tasks/" + taskId).status()).as(taskId).isEqualTo(404);
            assertThat(other.delete("/api/tasks/" + taskId).status()).as(taskId).isEqualTo(404);
            assertThat(other.post("/api/tasks/" + taskId + "/cancel", Map.of()).status()).as(taskId).isEqualTo(404);
            assertThat(other.post("/api/tasks/" + taskId + "/pull-request", Map.of()).status()).as(taskId).isEqualTo(404);
            assertThat(other.get("/api/tasks/" + taskId + "/events").status()).as(taskId).isEqualTo(404);
        }
        assertThat(other.get("/api/tasks").json().get("tasks")).isEmpty();
        assertThat(other.delete("/api/tasks?action=completed,failed").json().get("deletedCount").asInt()).isZero();
        // the owner's task was not touched by any of that
        assertThat(Tasks.get(api, id).get("status").asString()).isEqualTo("processing");
        assertThat(anonymous.get("/api/tasks").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/tasks/" + id).status()).isEqualTo(401);
        api.post("/api/tasks/" + id + "/cancel", Map.of());
    }

    @Test
    void cancellingARunningTaskInterruptsThePipelineAndEndsItCancelled() {
        double cancelledBefore = finishedCount("cancelled");
        String id = Tasks.create(api, "log:1 block:cancel-me log:1").get("id").asString();
        Tasks.awaitLog(api, id, "line 1", WAIT);

        TestApi.Response cancelled = api.post("/api/tasks/" + id + "/cancel", Map.of());

        assertThat(cancelled.status()).isEqualTo(200);
        JsonNode task = cancelled.json().get("task");
        assertThat(task.get("status").asString()).isEqualTo("cancelled");
        assertThat(task.get("error").asString()).isEqualTo("Cancelled");
        assertThat(task.get("logs").get(task.get("logs").size() - 1).get("message").asString()).isEqualTo("Task cancelled");
        assertThat(ScriptedPipeline.SAW_CANCEL).containsKey(id);
        assertThat(finished.events).filteredOn(e -> e.taskId().equals(id)).singleElement()
                .extracting(TaskFinished::status).isEqualTo(TaskStatus.CANCELLED);
        assertThat(finishedCount("cancelled")).as("codingit_tasks_finished_total{status=cancelled}")
                .isGreaterThanOrEqualTo(cancelledBefore + 1);
        // an ended task cannot be cancelled again
        assertThat(api.post("/api/tasks/" + id + "/cancel", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void aPipelineThatIgnoresCancellationIsEndedAfterTheGracePeriodAndItsLaterLinesAreDropped() {
        String id = Tasks.create(api, "stubborn:6000 log:3").get("id").asString();
        Tasks.awaitStatus(api, id, "processing", WAIT);
        Tasks.awaitLog(api, id, "Task started", WAIT);

        JsonNode task = api.post("/api/tasks/" + id + "/cancel", Map.of()).json().get("task");

        // the answer waits up to the grace period (2 s here) and a second: the task has ended without the pipeline
        assertThat(task.get("status").asString()).isEqualTo("cancelled");
        Tasks.sleep(6000);
        JsonNode later = Tasks.get(api, id);
        assertThat(later.get("status").asString()).isEqualTo("cancelled");
        assertThat(later.get("logs").toString()).doesNotContain("line 1");
    }

    @Test
    void cancellingAPendingTaskEndsItBeforeItRuns() {
        // this user's two slots are taken, so the third task waits
        String a = Tasks.create(api, "block:pending-a").get("id").asString();
        String b = Tasks.create(api, "block:pending-b").get("id").asString();
        Tasks.awaitStatus(api, a, "processing", WAIT);
        Tasks.awaitStatus(api, b, "processing", WAIT);
        String waiting = Tasks.create(api, "log:1").get("id").asString();
        Tasks.sleep(300);
        assertThat(Tasks.get(api, waiting).get("status").asString()).isEqualTo("pending");

        JsonNode task = api.post("/api/tasks/" + waiting + "/cancel", Map.of()).json().get("task");

        assertThat(task.get("status").asString()).isEqualTo("cancelled");
        ScriptedPipeline.release("pending-a");
        ScriptedPipeline.release("pending-b");
        Tasks.awaitStatus(api, a, "completed", WAIT);
        Tasks.sleep(300);
        assertThat(ScriptedPipeline.executions(waiting)).isZero();
    }

    @Test
    void deletingARunningTaskCancelsItFirstAndRemovesItWithItsLogs() {
        String id = Tasks.create(api, "block:delete-me").get("id").asString();
        Tasks.awaitStatus(api, id, "processing", WAIT);

        TestApi.Response deleted = api.delete("/api/tasks/" + id);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("message").asString()).isEqualTo("Task deleted successfully");
        assertThat(api.get("/api/tasks/" + id).status()).isEqualTo(404);
        // the worker sees the cancel on its own thread: wait for it (bounded) rather than for a fixed time
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!ScriptedPipeline.SAW_CANCEL.containsKey(id) && System.nanoTime() < deadline) {
            Tasks.sleep(50);
        }
        assertThat(ScriptedPipeline.SAW_CANCEL).containsKey(id);
        assertThat(api.delete("/api/tasks/" + id).status()).isEqualTo(404);
    }

    @Test
    void bulkDeleteRemovesOnlyTheAskedStatusesAndRefusesUnknownActions() {
        String done = Tasks.create(api, "log:1").get("id").asString();
        String failed = Tasks.create(api, "fail:no").get("id").asString();
        String running = Tasks.create(api, "block:bulk").get("id").asString();
        Tasks.awaitStatus(api, done, "completed", WAIT);
        Tasks.awaitStatus(api, failed, "error", WAIT);
        Tasks.awaitStatus(api, running, "processing", WAIT);

        assertBadRequest(api.delete("/api/tasks"), "Query parameter 'action' is required; valid actions: completed, failed");
        assertBadRequest(api.delete("/api/tasks?action=running"), "Invalid action 'running'; valid actions: completed, failed");
        assertBadRequest(api.delete("/api/tasks?action=completed,"), "Invalid action ''; valid actions: completed, failed");

        JsonNode onlyFailed = api.delete("/api/tasks?action=failed").json();
        assertThat(onlyFailed.get("deletedCount").asInt()).isEqualTo(1);
        assertThat(onlyFailed.get("message").asString()).isEqualTo("Deleted 1 task");
        assertThat(api.get("/api/tasks/" + failed).status()).isEqualTo(404);
        assertThat(api.get("/api/tasks/" + done).status()).isEqualTo(200);

        JsonNode both = api.delete("/api/tasks?action=completed,failed").json();
        assertThat(both.get("deletedCount").asInt()).isEqualTo(1);
        assertThat(api.get("/api/tasks/" + running).status()).isEqualTo(200);
        ScriptedPipeline.release("bulk");
    }

    @Test
    void theLastEventIdHeaderMustBeANumber() {
        String id = Tasks.create(api, "log:1").get("id").asString();
        TestApi.Response r = api.withHeader("Last-Event-ID", "abc").get("/api/tasks/" + id + "/events");
        assertBadRequest(r, "Last-Event-ID must be");
    }

    @Test
    void aPullRequestNeedsACompletedTaskWithABranch() {
        String id = Tasks.create(api, "log:1").get("id").asString();
        Tasks.awaitStatus(api, id, "completed", WAIT);

        TestApi.Response r = api.post("/api/tasks/" + id + "/pull-request", Map.of());

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("message").asString()).contains("pushed a branch");
        Map<String, Object> wrongType = new HashMap<>();
        wrongType.put("title", 5);
        assertBadRequest(api.post("/api/tasks/" + id + "/pull-request", wrongType), "Field 'title' must be a string");
    }

    private static void assertBadRequest(TestApi.Response response, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("error").asBoolean()).isTrue();
        assertThat(response.json().get("message").asString()).contains(message);
    }

    private double finishedCount(String status) {
        Counter counter = meters.find("codingit.tasks.finished").tag("status", status).counter();
        return counter == null ? 0 : counter.count();
    }
}
