package io.codingit.tasks;

import io.codingit.support.PostgresTestDatabase;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestRedis;
import io.codingit.support.TestServers;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two servers on one PostgreSQL schema and one Redis, polling only once an hour: a task queued on the
 * API-only server is claimed by the other at once, and a stream served by the API-only server follows
 * the lines the other writes, live. Without the Redis signals both would wait for the hourly poll.
 */
class TaskSignalsAcrossServersTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    static String schema;
    static TestServers.Server worker;
    static TestServers.Server apiOnly;

    @BeforeAll
    static void startTwoServers() {
        TestRedis.assumeAvailable();
        schema = PostgresTestDatabase.newSchema();
        Map<String, String> props = TaskPostgres.properties(schema);
        props.put("codingit.tasks.poll-interval", "1h");
        props.put("codingit.redis.url", TestRedis.url());
        props.put("codingit.rate-limit.redis-key-prefix", TestRedis.KEY_PREFIX);
        worker = TestServers.start(props, ScriptedPipeline.Config.class);
        Map<String, String> apiProps = new java.util.HashMap<>(props);
        apiProps.put("codingit.tasks.workers-enabled", "false");
        apiOnly = TestServers.start(apiProps, ScriptedPipeline.Config.class);
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (apiOnly != null) {
            apiOnly.close();
        }
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void aTaskQueuedOnOneServerRunsOnTheOtherAndStreamsLiveBack() throws Exception {
        SignedUpUser user = TestUsers.signUp(apiOnly.api());
        TestApi api = apiOnly.api().as(user.accessToken());
        String id = Tasks.create(api, "log:1 block:across-servers log:2").get("id").asString();

        try (SseClient stream = SseClient.open(api.baseUrl(), "/api/tasks/" + id + "/events", user.accessToken(), null)) {
            assertThat(stream.status()).isEqualTo(200);
            SseClient.Event first = stream.next(WAIT);
            while (first != null && !first.event().equals("log")) {
                first = stream.next(WAIT); // the current state comes first while the task waits
            }
            assertThat(first).as("the worker server claimed the task and its first line reached this stream").isNotNull();
            assertThat(first.json().get("message").asString()).isEqualTo("Task started");
            ScriptedPipeline.release("across-servers");
            List<SseClient.Event> rest = stream.untilEnd(WAIT);
            assertThat(rest).extracting(SseClient.Event::event).contains("log", "task", "end");
            assertThat(rest.getLast().json().get("status").asString()).isEqualTo("completed");
        }
        assertThat(ScriptedPipeline.executions(id)).isEqualTo(1);
    }

    @Test
    void aTaskStreamResumesOnTheOtherServerAtTheIdTheFirstGave() throws Exception {
        SignedUpUser user = TestUsers.signUp(worker.api());
        String id = Tasks.create(worker.api().as(user.accessToken()), "log:1 block:resume-elsewhere log:2").get("id").asString();
        String path = "/api/tasks/" + id + "/events";
        SseClient.Event seen;
        try (SseClient stream = SseClient.open(worker.api().baseUrl(), path, user.accessToken(), null)) {
            seen = stream.next(WAIT);
            while (seen != null && !seen.event().equals("log")) {
                seen = stream.next(WAIT);
            }
            assertThat(seen).as("a line on the first server's stream").isNotNull();
        }
        SseClient.Event last = seen;
        ScriptedPipeline.release("resume-elsewhere");
        // the id is the line's sequence in the database: the other server resumes after it
        try (SseClient resumed = SseClient.open(apiOnly.api().baseUrl(), path, user.accessToken(), last.id())) {
            assertThat(resumed.status()).isEqualTo(200);
            List<SseClient.Event> rest = resumed.untilEnd(WAIT);
            List<SseClient.Event> lines = rest.stream().filter(e -> e.event().equals("log")).toList();
            assertThat(lines).as("the lines after it").isNotEmpty()
                    .allSatisfy(e -> assertThat(Long.parseLong(e.id())).isGreaterThan(Long.parseLong(last.id())))
                    .noneSatisfy(e -> assertThat(e.data()).isEqualTo(last.data()));
            assertThat(rest.getLast().json().get("status").asString()).isEqualTo("completed");
        }
    }
}
