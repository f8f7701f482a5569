package io.codingit.tasks;

import io.codingit.support.IntegrationTest;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/tasks/{id}/events}: live lines and state, the end event, replay after Last-Event-ID. */
@IntegrationTest
@Import(ScriptedPipeline.Config.class)
@TestPropertySource(properties = {
        "codingit.tasks.poll-interval=100ms",
        "codingit.tasks.cancel-grace=2s",
        "codingit.rate-limit.general.capacity=1000000"})
class TaskEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;
    TestApi api;
    SignedUpUser user;

    @BeforeEach
    void signUp() {
        TestApi anonymous = new TestApi(port);
        user = TestUsers.signUp(anonymous);
        api = anonymous.as(user.accessToken());
    }

    @Test
    void streamsEveryLineAndStateChangeLiveThenEnds() throws Exception {
        String id = Tasks.create(api, "log:1 block:sse-live log:2 progress:40 branch:codingit/live-abc123").get("id").asString();
        Tasks.awaitLog(api, id, "line 1", WAIT);

        try (SseClient stream = SseClient.open(api.baseUrl(), "/api/tasks/" + id + "/events", user.accessToken(), null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            // what happened before the client connected comes first
            assertThat(messageOf(stream.next(WAIT))).isEqualTo("Task started");
            assertThat(messageOf(stream.next(WAIT))).isEqualTo("line 1");
            SseClient.Event state = stream.next(WAIT);
            assertThat(state.event()).isEqualTo("task");
            assertThat(state.json().get("status").asString()).isEqualTo("processing");
            assertThat(state.id()).isEqualTo("2");
            // nothing more while the pipeline waits
            assertThat(stream.next(Duration.ofMillis(300))).isNull();

            ScriptedPipeline.release("sse-live");
            List<SseClient.Event> rest = stream.untilEnd(WAIT);

            List<String> lines = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (SseClient.Event e : rest) {
                if (e.event().equals("log")) {
                    lines.add(e.json().get("message").asString());
                    ids.add(Long.parseLong(e.id()));
                    assertThat(e.json().get("seq").asLong()).isEqualTo(Long.parseLong(e.id()));
                }
            }
            assertThat(lines).containsExactly("line 1", "line 2", "Pushed codingit/live-abc123");
            assertThat(ids).containsExactly(3L, 4L, 5L);
            SseClient.Event last = rest.get(rest.size() - 1);
            assertThat(last.event()).isEqualTo("end");
            assertThat(last.json().get("status").asString()).isEqualTo("completed");
            SseClient.Event finalState = rest.get(rest.size() - 2);
            assertThat(finalState.event()).isEqualTo("task");
            assertThat(finalState.json().get("status").asString()).isEqualTo("completed");
            assertThat(finalState.json().get("progress").asInt()).isEqualTo(100);
            assertThat(finalState.json().get("branch_name").asString()).isEqualTo("codingit/live-abc123");
        }
    }

    @Test
    void aReconnectingClientGetsOnlyWhatItMissedWithNoGapAndNoRepeat() throws Exception {
        String id = Tasks.create(api, "log:2 block:sse-replay log:3 block:sse-replay-2 log:1").get("id").asString();
        String lastId;
        try (SseClient first = SseClient.open(api.baseUrl(), "/api/tasks/" + id + "/events", user.accessToken(), null)) {
            List<String> seen = new ArrayList<>();
            lastId = null;
            while (seen.size() < 3) {
                SseClient.Event e = first.next(WAIT);
                assertThat(e).isNotNull();
                if (e.event().equals("log")) {
                    seen.add(messageOf(e));
                    lastId = e.id();
                }
            }
            assertThat(seen).containsExactly("Task started", "line 1", "line 2");
        }
        // while nobody listens, three more lines are written
        ScriptedPipeline.release("sse-replay");
        Tasks.awaitLog(api, id, "line 3", WAIT);

        try (SseClient again = SseClient.open(api.baseUrl(), "/api/tasks/" + id + "/events", user.accessToken(), lastId)) {
            List<String> replayed = new ArrayList<>();
            while (replayed.size() < 3) {
                SseClient.Event e = again.next(WAIT);
                assertThat(e).isNotNull();
                if (e.event().equals("log")) {
                    replayed.add(messageOf(e));
                }
            }
            assertThat(replayed).containsExactly("line 1", "line 2", "line 3");
            ScriptedPipeline.release("sse-replay-2");
            List<String> after = again.untilEnd(WAIT).stream().filter(e -> e.event().equals("log"))
                    .map(TaskEventsTest::messageOf).toList();
            assertThat(after).containsExactly("line 1", "No changes to commit");
        }
    }

    @Test
    void aStreamOfAnEndedTaskReplaysFromTheGivenIdAndEndsAtOnce() throws Exception {
        String id = Tasks.create(api, "log:4").get("id").asString();
        Tasks.awaitStatus(api, id, "completed", WAIT);

        try (SseClient stream = SseClient.open(api.baseUrl(), "/api/tasks/" + id + "/events", user.accessToken(), "3")) {
            List<SseClient.Event> events = stream.untilEnd(WAIT);
            assertThat(events).extracting(SseClient.Event::event).containsExactly("log", "log", "log", "task", "end");
            assertThat(events).extracting(SseClient.Event::id).containsExactly("4", "5", "6", "6", "6");
            assertThat(messageOf(events.get(2))).isEqualTo("No changes to commit");
        }
    }

    @Test
    void aDeletedTaskEndsItsStream() throws Exception {
        String id = Tasks.create(api, "block:sse-delete").get("id").asString();
        Tasks.awaitStatus(api, id, "processing", WAIT);
        try (SseClient stream = SseClient.open(api.baseUrl(), "/api/tasks/" + id + "/events", user.accessToken(), null)) {
            assertThat(stream.next(WAIT)).isNotNull();
            api.delete("/api/tasks/" + id);
            List<SseClient.Event> rest = stream.untilEnd(WAIT);
            // deleting a running task cancels it first: the stream ends on whichever it saw last
            assertThat(rest.get(rest.size() - 1).event()).isEqualTo("end");
            assertThat(rest.get(rest.size() - 1).json().get("status").asString()).isIn("cancelled", "deleted");
        }
        assertThat(api.get("/api/tasks/" + id).status()).isEqualTo(404);
    }

    private static String messageOf(SseClient.Event e) {
        assertThat(e).isNotNull();
        assertThat(e.event()).isEqualTo("log");
        return e.json().get("message").asString();
    }
}
