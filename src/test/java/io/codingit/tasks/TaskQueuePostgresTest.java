package io.codingit.tasks;

import io.codingit.support.PostgresTestDatabase;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestServers;
import io.codingit.support.TestUsers;
import io.codingit.tasks.internal.TaskPipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two servers on one PostgreSQL schema, as in a scaled-out deployment: they share the queue, every
 * task runs exactly once, the per-user limit holds across both, and a pipeline writing from many
 * threads loses no log line.
 */
class TaskQueuePostgresTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    static String schema;
    static TestServers.Server first;
    static TestServers.Server second;

    @BeforeAll
    static void startTwoServers() {
        schema = PostgresTestDatabase.newSchema();
        Map<String, String> props = TaskPostgres.properties(schema);
        props.put("codingit.tasks.max-concurrent", "4");
        props.put("codingit.tasks.max-per-user", "2");
        first = TestServers.start(props, ScriptedPipeline.Config.class);
        second = TestServers.start(props, ScriptedPipeline.Config.class);
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        PostgresTestDatabase.dropSchema(schema);
    }

    @Test
    void twoServersRunEveryTaskExactlyOnceAndKeepThePerUserLimit() {
        int before = runs(first) + runs(second);
        List<SignedUpUser> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(TestUsers.signUp(first.api()));
        }
        List<String> ids = new ArrayList<>();
        Map<String, TestApi> apiOf = new java.util.HashMap<>();
        for (int i = 0; i < 60; i++) {
            SignedUpUser user = users.get(i % users.size());
            // created on both servers alike: the access token is valid on both (one signing key)
            TestApi api = (i % 2 == 0 ? first.api() : second.api()).as(user.accessToken());
            String id = Tasks.create(api, "sleep:30 log:1").get("id").asString();
            ids.add(id);
            apiOf.put(id, api);
        }

        for (String id : ids) {
            Tasks.awaitStatus(apiOf.get(id), id, "completed", WAIT);
        }

        for (String id : ids) {
            assertThat(ScriptedPipeline.executions(id)).as(id).isEqualTo(1);
        }
        assertThat(runs(first) + runs(second) - before).isEqualTo(60);
        assertThat(runs(first)).as("tasks run by the first server").isPositive();
        assertThat(runs(second)).as("tasks run by the second server").isPositive();
        for (SignedUpUser user : users) {
            assertThat(ScriptedPipeline.MAX_RUNNING_PER_USER.get(user.id()).get()).as(user.id()).isBetween(1, 2);
        }
    }

    @Test
    void theLimitPerUserHoldsAcrossServersAndIsReached() {
        SignedUpUser user = TestUsers.signUp(first.api());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TestApi api = (i % 2 == 0 ? first.api() : second.api()).as(user.accessToken());
            ids.add(Tasks.create(api, "sleep:400").get("id").asString());
        }
        TestApi api = first.api().as(user.accessToken());
        for (String id : ids) {
            Tasks.awaitStatus(api, id, "completed", WAIT);
        }

        assertThat(ScriptedPipeline.MAX_RUNNING_PER_USER.get(user.id()).get()).isEqualTo(2);
    }

    @Test
    void logLinesWrittenFromManyThreadsAreAllKeptInOneGaplessSequence() {
        SignedUpUser user = TestUsers.signUp(first.api());
        TestApi api = first.api().as(user.accessToken());
        String id = Tasks.create(api, "parallel:16x40").get("id").asString();

        JsonNode task = Tasks.awaitStatus(api, id, "completed", WAIT);

        JsonNode logs = task.get("logs");
        assertThat(logs.size()).isEqualTo(1 + 16 * 40 + 1);
        Set<String> messages = new HashSet<>();
        for (int i = 0; i < logs.size(); i++) {
            assertThat(logs.get(i).get("seq").asLong()).isEqualTo(i + 1);
            messages.add(logs.get(i).get("message").asString());
        }
        assertThat(messages).hasSize(logs.size());
    }

    private static int runs(TestServers.Server server) {
        return ((ScriptedPipeline) server.context().getBean(TaskPipeline.class)).runs.get();
    }
}
