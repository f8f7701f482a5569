package io.codingit.tasks;

import io.codingit.support.PostgresTestDatabase;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestServers;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server dies with tasks running (its context is closed without giving them back, as a kill
 * would leave them); the next server finds their leases run out and runs them again, and a task
 * whose attempts are used up ends in error with the reason. Nothing stays processing.
 */
class TaskRecoveryPostgresTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aDeadServersTasksAreRunAgainThenFailedWhenTheirAttemptsAreUsedUp() throws InterruptedException {
        String schema = PostgresTestDatabase.newSchema();
        Map<String, String> props = TaskPostgres.properties(schema);
        props.put("codingit.tasks.lease-duration", "1s");
        props.put("codingit.tasks.max-attempts", "2");
        // a graceful close would give the tasks back at once; this leaves them to their leases, as a crash does
        props.put("codingit.tasks.release-on-shutdown", "false");
        String key = UUID.randomUUID().toString();
        try {
            String finishing;
            String stuck;
            String token;
            try (TestServers.Server doomed = TestServers.start(props, ScriptedPipeline.Config.class)) {
                SignedUpUser user = TestUsers.signUp(doomed.api());
                token = user.accessToken();
                TestApi api = doomed.api().as(token);
                finishing = Tasks.create(api, "block:finish-" + key + " log:1").get("id").asString();
                stuck = Tasks.create(api, "block:stuck-" + key).get("id").asString();
                Tasks.awaitStatus(api, finishing, "processing", WAIT);
                Tasks.awaitStatus(api, stuck, "processing", WAIT);
            }
            // the second run of "finishing" will pass its step; "stuck" will block again
            ScriptedPipeline.release("finish-" + key);

            try (TestServers.Server next = TestServers.start(props, ScriptedPipeline.Config.class)) {
                TestApi again = next.api().as(token);
                JsonNode done = Tasks.awaitStatus(again, finishing, "completed", WAIT);
                assertThat(messages(done)).containsSubsequence("Task started",
                        "The server running this task stopped responding; the task is queued to run again",
                        "Task started (attempt 2 of 2)", "line 1", "No changes to commit");
                assertThat(ScriptedPipeline.executions(finishing)).isEqualTo(2);
                Tasks.awaitLog(again, stuck, "Task started (attempt 2 of 2)", WAIT);
                // the log line comes just before the pipeline runs: wait for the run itself before this server goes
                awaitExecutions(stuck, 2);
                assertThat(Tasks.get(again, stuck).get("status").asString()).isEqualTo("processing");
            }

            try (TestServers.Server last = TestServers.start(props, ScriptedPipeline.Config.class)) {
                TestApi again = last.api().as(token);
                JsonNode failed = Tasks.awaitStatus(again, stuck, "error", WAIT);
                assertThat(failed.get("error").asString())
                        .isEqualTo("The server running this task stopped responding, 2 attempts made; giving up");
                assertThat(ScriptedPipeline.executions(stuck)).isEqualTo(2);
                assertThat(failed.get("finished_at").isNull()).isFalse();
            }
        } finally {
            ScriptedPipeline.release("stuck-" + key);
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void aServerShuttingDownGracefullyGivesItsTasksBackAtOnceWithoutUsingAnAttempt() {
        String schema = PostgresTestDatabase.newSchema();
        Map<String, String> props = TaskPostgres.properties(schema);
        props.put("codingit.tasks.max-attempts", "1");
        String key = UUID.randomUUID().toString();
        try {
            String id;
            String token;
            try (TestServers.Server leaving = TestServers.start(props, ScriptedPipeline.Config.class)) {
                SignedUpUser user = TestUsers.signUp(leaving.api());
                token = user.accessToken();
                id = Tasks.create(leaving.api().as(token), "block:leave-" + key + " log:1").get("id").asString();
                Tasks.awaitStatus(leaving.api().as(token), id, "processing", WAIT);
            }
            ScriptedPipeline.release("leave-" + key);
            try (TestServers.Server next = TestServers.start(props, ScriptedPipeline.Config.class)) {
                // with one attempt allowed, only a release that did not count it lets the task run again
                JsonNode done = Tasks.awaitStatus(next.api().as(token), id, "completed", WAIT);
                assertThat(messages(done)).containsSubsequence("Task started",
                        "The server is shutting down; the task is queued to run again", "Task started", "line 1");
                assertThat(ScriptedPipeline.executions(id)).isEqualTo(2);
            }
        } finally {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    private static List<String> messages(JsonNode task) {
        List<String> out = new ArrayList<>();
        task.get("logs").forEach(l -> out.add(l.get("message").asString()));
        return out;
    }

    private static void awaitExecutions(String taskId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ScriptedPipeline.executions(taskId) < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ScriptedPipeline.executions(taskId)).isEqualTo(count);
    }
}
