package io.codingit.sandbox.terminal;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandStreamingTest extends TerminalTestBase {

    @Test
    void theFirstChunkArrivesWhileTheCommandStillWaitsForIt() throws Exception {
        User user = newUser();
        String sbxId = createSandbox(user.api());
        // the command cannot produce "second" before the test has received "first" and created the file
        String command = "echo first; while [ ! -f /home/user/go ]; do sleep 0.05; done; echo second; echo oops >&2; exit 3";
        try (EventStreamClient stream = EventStreamClient.open(url("/api/terminal"), user.token(), "POST",
                Map.of("sbxId", sbxId, "command", command))) {
            assertThat(stream.status()).isEqualTo(200);
            EventStreamClient.Event first = stream.next();
            assertThat(first.type()).isEqualTo("stdout");
            assertThat(first.data().get("text").asString()).isEqualTo("first\n");

            run(user.api(), sbxId, "touch /home/user/go");

            List<EventStreamClient.Event> rest = untilTheEnd(stream);
            assertThat(rest).extracting(EventStreamClient.Event::type).containsSubsequence("stdout", "exit");
            assertThat(text(rest, "stdout")).isEqualTo("second\n");
            assertThat(text(rest, "stderr")).isEqualTo("oops\n");
            assertThat(rest.getLast().type()).isEqualTo("exit");
            assertThat(rest.getLast().data().get("exitCode").asInt()).isEqualTo(3);
        }
    }

    @Test
    void aCharacterSplitAcrossWritesWithTheOtherStreamBetweenIsNeverCut() throws Exception {
        User user = newUser();
        String sbxId = createSandbox(user.api());
        // "é" is C3 A9: its bytes leave in two writes (so, most likely, in two agent frames) with stderr between
        String command = "printf '\\303'; sleep 0.2; printf 'x' >&2; sleep 0.2; printf '\\251\\n'";
        try (EventStreamClient stream = EventStreamClient.open(url("/api/terminal"), user.token(), "POST",
                Map.of("sbxId", sbxId, "command", command))) {
            List<EventStreamClient.Event> events = untilTheEnd(stream);
            assertThat(text(events, "stdout")).isEqualTo("\u00e9\n");
            assertThat(text(events, "stderr")).isEqualTo("x");
        }
    }

    /** The stream's remaining events, to its end. */
    private static List<EventStreamClient.Event> untilTheEnd(EventStreamClient stream) throws Exception {
        List<EventStreamClient.Event> events = new ArrayList<>();
        for (EventStreamClient.Event e = stream.next(); e != null; e = stream.next()) {
            events.add(e);
        }
        return events;
    }

    @Test
    void aForegroundCommandIsKilledWhenItsClientHangsUp() throws Exception {
        User user = newUser();
        String sbxId = createSandbox(user.api());
        EventStreamClient stream = EventStreamClient.open(url("/api/terminal"), user.token(), "POST",
                Map.of("sbxId", sbxId, "command", "sleep 4321 & sleep 4322; echo never"));
        assertThat(stream.status()).isEqualTo(200);
        eventually(() -> processesWith(user.api(), sbxId, "sleep 432") == 2, "the command runs");

        stream.close();

        eventually(() -> processesWith(user.api(), sbxId, "sleep 432") == 0, "every process of the command is gone");
    }

    @Test
    void backgroundCommandsOutliveTheirRequestAndAreListedReplayedAndKilled() throws Exception {
        User user = newUser();
        String sbxId = createSandbox(user.api());
        var started = user.api().post("/api/terminal", Map.of("sbxId", sbxId, "background", true,
                "command", "echo hello; sleep 4323"));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        String cmdId = started.json().get("id").asString();
        assertThat(started.json().get("running").asBoolean()).isTrue();

        JsonNode listed = user.api().get("/api/sandbox/" + sbxId + "/commands").json().get("commands");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asString()).isEqualTo(cmdId);
        assertThat(listed.get(0).get("command").asString()).isEqualTo("echo hello; sleep 4323");
        assertThat(listed.get(0).get("startedAt").isNull()).isFalse();
        assertThat(listed.get(0).get("running").asBoolean()).isTrue();

        String events = "/api/sandbox/" + sbxId + "/commands/" + cmdId + "/events";
        try (EventStreamClient replay = EventStreamClient.open(url(events), user.token(), "GET", null)) {
            EventStreamClient.Event first = replay.next();
            assertThat(first.type()).isEqualTo("stdout");
            assertThat(first.data().get("text").asString()).isEqualTo("hello\n");
        }
        // hanging up on a replay leaves a background command running
        assertThat(processesWith(user.api(), sbxId, "sleep 4323")).isEqualTo(1);

        User other = newUser();
        assertThat(other.api().get("/api/sandbox/" + sbxId + "/commands").status()).isEqualTo(404);
        assertThat(other.api().delete("/api/sandbox/" + sbxId + "/commands/" + cmdId).status()).isEqualTo(404);

        var killed = user.api().delete("/api/sandbox/" + sbxId + "/commands/" + cmdId);
        assertThat(killed.status()).as(killed.toString()).isEqualTo(200);
        assertThat(killed.json().get("running").asBoolean()).isFalse();
        assertThat(processesWith(user.api(), sbxId, "sleep 4323")).isZero();

        try (EventStreamClient replay = EventStreamClient.open(url(events), user.token(), "GET", null)) {
            List<EventStreamClient.Event> all = new ArrayList<>();
            for (EventStreamClient.Event e = replay.next(); e != null; e = replay.next()) {
                all.add(e);
            }
            assertThat(text(all, "stdout")).isEqualTo("hello\n");
            assertThat(all.getLast().type()).isEqualTo("exit");
        }
        assertThat(user.api().get("/api/sandbox/" + sbxId + "/commands/nope/events").status()).isEqualTo(404);
    }

    @Test
    void aSandboxRunsAtMostTheConfiguredNumberOfBackgroundCommands() {
        User user = newUser();
        String sbxId = createSandbox(user.api());
        for (int i = 0; i < 10; i++) {
            assertThat(user.api().post("/api/terminal", Map.of("sbxId", sbxId, "background", true,
                    "command", "sleep 50" + i)).status()).isEqualTo(201);
        }
        var refused = user.api().post("/api/terminal", Map.of("sbxId", sbxId, "background", true, "command", "sleep 511"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("message").asString()).contains("10 background commands");
        assertThat(processesWith(user.api(), sbxId, "sleep 511")).as("a refused command never starts").isZero();

        String first = user.api().get("/api/sandbox/" + sbxId + "/commands").json().get("commands").get(0).get("id").asString();
        assertThat(user.api().delete("/api/sandbox/" + sbxId + "/commands/" + first).status()).isEqualTo(200);
        assertThat(user.api().post("/api/terminal", Map.of("sbxId", sbxId, "background", true, "command", "sleep 511"))
                .status()).as("a finished command makes room").isEqualTo(201);
        assertThat(user.api().get("/api/sandbox/" + sbxId + "/commands").json().get("commands")).hasSize(10);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String text(List<EventStreamClient.Event> events, String type) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.type().equals(type)).forEach(e -> text.append(e.data().get("text").asString()));
        return text.toString();
    }
}
