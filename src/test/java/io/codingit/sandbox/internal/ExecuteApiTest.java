package io.codingit.sandbox.internal;

import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/sandbox} for the interpreter template and {@code POST /api/sandbox/{sbxId}/execute}, over HTTP. */
class ExecuteApiTest extends SandboxApiTestBase {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void fragmentRunsAsTheFirstCellAndLaterCellsSeeItsVariables() {
        TestApi api = api(newUser());
        TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", CODE_INTERPRETER,
                "code", "import pandas as pd\ndf = pd.DataFrame({'n': [1, 2, 3]})\nprint('rows', len(df))\ndf",
                "file_path", "script.py")));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode body = created.json();
        assertThat(body.get("stdout").asString()).isEqualTo("rows 3\n");
        assertThat(body.get("runtimeError").isNull()).isTrue();
        JsonNode table = body.get("cellResults").get(0);
        assertThat(table.get("isMainResult").asBoolean()).isTrue();
        assertThat(table.get("html").asString()).contains("<table");
        assertThat(table.get("text").asString()).contains("n");

        TestApi.Response next = api.post("/api/sandbox/" + body.get("sbxId").asString() + "/execute",
                Map.of("code", "int(df['n'].sum())"));
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        assertThat(next.json().get("results").get(0).get("text").asString()).isEqualTo("6");
        assertThat(next.json().get("results").get(0).get("isMainResult").asBoolean()).isTrue();
        assertThat(next.json().get("logs").get("stdout").isArray()).isTrue();
        assertThat(next.json().get("error").isNull()).isTrue();
    }

    @Test
    void executeAnswersFigureAndErrorInTheE2bShape() {
        TestApi api = api(newUser());
        String sbxId = createSandbox(api, "x = 2");

        TestApi.Response figure = api.post("/api/sandbox/" + sbxId + "/execute", Map.of("code",
                "import matplotlib.pyplot as plt\nplt.bar(['a', 'b'], [x, 3])\nplt.show()"));
        JsonNode png = figure.json().get("results").get(0);
        assertThat(png.get("isMainResult").asBoolean()).isFalse();
        assertThat(Base64.getDecoder().decode(png.get("png").asString())).startsWith(0x89, 'P', 'N', 'G');
        assertThat(png.has("html")).isFalse();

        TestApi.Response failed = api.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "undefined_name"));
        assertThat(failed.status()).isEqualTo(200);
        JsonNode error = failed.json().get("error");
        assertThat(error.get("name").asString()).isEqualTo("NameError");
        assertThat(error.get("value").asString()).contains("undefined_name");
        assertThat(error.get("traceback").asString()).contains("undefined_name");
    }

    @Test
    void serverSentEventsArriveInOrderWhileTheCellIsStillRunning() throws Exception {
        String user = newUser();
        TestApi api = api(user);
        String sbxId = createSandbox(api, "import os, sys, time");

        // The cell waits (up to 10 s) for a file that the test writes only after it has received the first
        // event: if events were held back until the cell ended, the cell would report "not released".
        List<String> frames = stream(user, sbxId, "text/event-stream", """
                print("first", flush=True)
                for _ in range(200):
                    if os.path.exists("go"):
                        break
                    time.sleep(0.05)
                print("released" if os.path.exists("go") else "not released")
                display("shown")
                print("oops", file=sys.stderr)
                'last'
                """, line -> {
            if (line.contains("first")) {
                api.post("/api/sandbox/" + sbxId + "/files/content", Map.of("path", "/home/user/go", "content", ""));
            }
        });

        List<String> types = frames.stream().filter(f -> f.startsWith("event: "))
                .map(f -> f.substring("event: ".length())).toList();
        assertThat(types).containsSubsequence("stdout", "stdout", "result", "stderr", "result", "end");
        assertThat(types.getLast()).isEqualTo("end");
        List<String> data = frames.stream().filter(f -> f.startsWith("data: ")).toList();
        assertThat(data.getFirst()).contains("\"type\":\"stdout\"").contains("first");
        assertThat(String.join("\n", data)).contains("released").doesNotContain("not released");
        assertThat(data).anySatisfy(d -> assertThat(d).contains("'shown'").contains("\"isMainResult\":false"));
        assertThat(data).anySatisfy(d -> assertThat(d).contains("'last'").contains("\"isMainResult\":true"));
    }

    @Test
    void ndjsonStreamsOneEventPerLineEndingWithEnd() throws Exception {
        String user = newUser();
        String sbxId = createSandbox(api(user), "y = 1");

        List<String> lines = stream(user, sbxId, "application/x-ndjson", "print(y)\n1/0", line -> { });

        List<String> types = lines.stream().map(line -> TestApi.JSON.readTree(line).get("type").asString()).toList();
        assertThat(types).containsExactly("stdout", "stdout", "error", "end");
        assertThat(lines.get(2)).contains("ZeroDivisionError");
        assertThat(TestApi.JSON.readTree(lines.get(3)).get("failed").asBoolean()).isTrue();
    }

    /**
     * Its owner kills the sandbox while a cell runs: the cell ends with an error that says the sandbox
     * was killed, not that the interpreter ran out of memory and restarts (it cannot: the sandbox is gone).
     */
    @Test
    void aSandboxKilledWhileACellRunsEndsTheCellSayingTheSandboxWasKilled() throws Exception {
        String user = newUser();
        TestApi api = api(user);
        String sbxId = createSandbox(api, "import time");

        List<String> lines = stream(user, sbxId, "application/x-ndjson", "print('started', flush=True)\ntime.sleep(120)",
                line -> {
                    if (line.contains("started")) {
                        assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
                    }
                });

        JsonNode error = lines.stream().map(TestApi.JSON::readTree).filter(e -> e.get("type").asString().equals("error"))
                .findFirst().orElseThrow(() -> new AssertionError("no error event in " + lines));
        assertThat(error.toString()).contains("SandboxKilled").contains("sandbox was killed")
                .doesNotContain("out of memory").doesNotContain("restarts on the next execution");
        assertThat(TestApi.JSON.readTree(lines.getLast()).get("type").asString()).isEqualTo("end");
        assertThat(api.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "1")).status()).isEqualTo(404);
    }

    /** The console's Stop: the running cell gets a KeyboardInterrupt, the interpreter and its variables stay. */
    @Test
    void interruptStopsTheRunningCellAndKeepsTheInterpretersState() throws Exception {
        String user = newUser();
        TestApi api = api(user);
        String sbxId = createSandbox(api, "import time\nkept = 7");

        List<TestApi.Response> stops = new ArrayList<>();
        List<String> lines = stream(user, sbxId, "application/x-ndjson", "print('started', flush=True)\ntime.sleep(120)",
                line -> {
                    if (line.contains("\"stdout\"") && line.contains("started")) {
                        stops.add(api.post("/api/sandbox/" + sbxId + "/interrupt", Map.of()));
                    }
                });
        assertThat(stops).as(lines.toString()).hasSize(1);
        assertThat(stops.getFirst().json().get("interrupted").asBoolean()).as(stops + " " + lines).isTrue();

        JsonNode error = lines.stream().map(TestApi.JSON::readTree).filter(e -> e.get("type").asString().equals("error"))
                .findFirst().orElseThrow(() -> new AssertionError("no error event in " + lines));
        assertThat(error.get("name").asString()).isEqualTo("KeyboardInterrupt");
        assertThat(TestApi.JSON.readTree(lines.getLast()).get("type").asString()).isEqualTo("end");
        TestApi.Response after = api.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "kept"));
        assertThat(after.json().get("results").get(0).get("text").asString()).isEqualTo("7");
        assertThat(api.post("/api/sandbox/" + sbxId + "/interrupt", Map.of()).json().get("interrupted").asBoolean()).isFalse();
        assertThat(api(newUser()).post("/api/sandbox/" + sbxId + "/interrupt", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void anotherUsersSandboxIsNotFoundAndCodeIsRequired() {
        TestApi owner = api(newUser());
        String sbxId = createSandbox(owner, "secret = 1");

        TestApi.Response stranger = api(newUser()).post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "secret"));
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.body()).doesNotContain("secret");

        TestApi.Response unknown = owner.post("/api/sandbox/no-such-sandbox/execute", Map.of("code", "1"));
        assertThat(unknown.status()).isEqualTo(404);

        TestApi.Response noCode = owner.post("/api/sandbox/" + sbxId + "/execute", Map.of());
        assertThat(noCode.status()).isEqualTo(400);
        assertThat(noCode.json().get("message").asString()).contains("code");

        TestApi.Response anonymous = new TestApi(port).post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "1"));
        assertThat(anonymous.status()).isEqualTo(401);
    }

    /** Posts a cell with the given Accept header; hands each non-empty line to {@code onLine} as it arrives. */
    private List<String> stream(String user, String sbxId, String accept, String code, Consumer<String> onLine)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sandbox/" + sbxId + "/execute"))
                .timeout(Duration.ofSeconds(60))
                .header(HeaderAuthentication.HEADER, user)
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(TestApi.JSON.writeValueAsString(Map.of("code", code))))
                .build();
        HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(accept);
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(line);
                    onLine.accept(line);
                }
            }
        }
        return lines;
    }
}
