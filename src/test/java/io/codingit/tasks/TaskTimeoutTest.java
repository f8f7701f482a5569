package io.codingit.tasks;

import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A task that runs past its timeout gets a warning line first, then is stopped and ends in error. */
@IntegrationTest
@Import(ScriptedPipeline.Config.class)
@TestPropertySource(properties = {
        "codingit.tasks.timeout=2s",
        "codingit.tasks.timeout-warning=1s",
        "codingit.tasks.poll-interval=100ms",
        "codingit.tasks.cancel-grace=2s",
        "codingit.rate-limit.general.capacity=1000000"})
class TaskTimeoutTest {
    @LocalServerPort
    int port;

    @Test
    void aTaskPastItsTimeoutIsWarnedThenStoppedAndEndsInError() {
        TestApi api = new TestApi(port).as(TestUsers.signUp(new TestApi(port)).accessToken());
        String id = Tasks.create(api, "sleep:30000 log:1").get("id").asString();

        JsonNode task = Tasks.awaitStatus(api, id, "error", Duration.ofSeconds(20));

        assertThat(task.get("error").asString()).isEqualTo("Timed out after 2 seconds");
        List<String> lines = new ArrayList<>();
        task.get("logs").forEach(l -> lines.add(l.get("type").asString() + " " + l.get("message").asString()));
        assertThat(lines).containsExactly(
                "info Task started",
                "info Warning: the task will time out in 1 second",
                "error Timed out after 2 seconds");
        assertThat(ScriptedPipeline.SAW_CANCEL).containsKey(id);
    }
}
