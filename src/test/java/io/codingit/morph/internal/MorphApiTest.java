package io.codingit.morph.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.codingit.chat.ChatTest;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/chat/completions} with the local engine alone (no Morph key, no LLM in this context):
 * Morph's request and OpenAI's answer, streamed or not, personal API tokens, refusals and bad input; and the
 * official openai npm package as the client.
 */
@ChatTest
class MorphApiTest {

    static final String CODE = """
            def greet(name):
                return "Hello " + name


            def farewell(name):
                return "Bye " + name
            """;
    static final String UPDATE = """
            def greet(name):
                return "Hello, " + name + "!"


            # ... existing code ...
            """;
    static final String MERGED = CODE.replace("\"Hello \" + name", "\"Hello, \" + name + \"!\"");
    /** "}" ends both functions and nothing tells which one the snippet's closing brace is. */
    static final String AMBIGUOUS_CODE = "function a() {\n  return 1;\n}\n\nfunction b() {\n  return 2;\n}\n";
    static final String AMBIGUOUS_UPDATE = "// ... existing code ...\n  return 3;\n}\n// ... existing code ...\n";

    @LocalServerPort
    int port;
    TestApi api;
    String token;

    @BeforeEach
    void tokenOfANewUser() {
        TestApi anonymous = new TestApi(port);
        String accessToken = TestUsers.signUp(anonymous).accessToken();
        TestApi.Response created = anonymous.as(accessToken).post("/api/auth/tokens", Map.of("name", "editor"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        token = created.json().get("token").asString();
        api = anonymous.as(token);
    }

    static Map<String, Object> request(String model, String code, String update) {
        String content = "<instruction>I make the greeting friendlier</instruction>\n<code>" + code + "</code>\n<update>"
                + update + "</update>";
        return Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", content)));
    }

    @Test
    void appliesTheEditAndAnswersAChatCompletionNamingTheEngine() {
        TestApi.Response r = api.post("/v1/chat/completions", request("morph-v3-fast", CODE, UPDATE));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode completion = r.json();
        assertThat(completion.get("object").asString()).isEqualTo("chat.completion");
        assertThat(completion.get("model").asString()).isEqualTo("morph-v3-fast");
        assertThat(completion.get("id").asString()).startsWith("chatcmpl-");
        assertThat(completion.at("/choices/0/message/role").asString()).isEqualTo("assistant");
        assertThat(completion.at("/choices/0/message/content").asString()).isEqualTo(MERGED);
        assertThat(completion.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(completion.at("/usage/total_tokens").asLong()).isPositive();
        assertThat(completion.get("engine").asString()).isEqualTo("local");
        assertThat(r.header("X-Apply-Engine")).isEqualTo("local");
    }

    @Test
    void streamsChunksWhoseContentIsTheMergedFile() {
        Map<String, Object> body = new java.util.HashMap<>(request("auto", CODE, UPDATE));
        body.put("stream", true);
        TestApi.Response r = api.post("/v1/chat/completions", body);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/event-stream");
        StringBuilder content = new StringBuilder();
        List<String> events = r.body().lines().filter(line -> line.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(events.getLast()).isEqualTo("[DONE]");
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode chunk = TestApi.JSON.readTree(event);
            assertThat(chunk.get("object").asString()).isEqualTo("chat.completion.chunk");
            content.append(chunk.at("/choices/0/delta/content").asString(""));
        }
        assertThat(content.toString()).isEqualTo(MERGED);
        assertThat(TestApi.JSON.readTree(events.get(events.size() - 2)).at("/choices/0/finish_reason").asString())
                .isEqualTo("stop");
    }

    @Test
    void anEditThatCannotBePlacedIsA422WithTheReason() {
        TestApi.Response r = api.post("/v1/chat/completions", request("morph-v3-large", AMBIGUOUS_CODE, AMBIGUOUS_UPDATE));

        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        JsonNode body = r.json();
        assertThat(body.get("code").asString()).isEqualTo("edit_not_placeable");
        assertThat(body.get("message").asString()).contains("line 2").contains("return 3;");
        assertThat(body.at("/error/message").asString()).isEqualTo(body.get("message").asString());
        assertThat(body.at("/error/code").asString()).isEqualTo("edit_not_placeable");
    }

    static Stream<Arguments> badInputs() {
        String longLine = "x".repeat(20_001);
        return Stream.of(
                Arguments.of("unknown model", request("gpt-4o", CODE, UPDATE), 400, "unknown_model"),
                Arguments.of("empty code", request("auto", "", UPDATE), 400, "empty_code"),
                Arguments.of("empty update", request("auto", CODE, "  \n"), 400, "empty_update"),
                Arguments.of("only markers", request("auto", CODE, "# ... existing code ...\n\n# ...\n"), 400,
                        "update_only_markers"),
                Arguments.of("binary code", request("auto", "PNG\u0000\u0001\u0002 data\n", UPDATE), 400,
                        "binary_content"),
                Arguments.of("mixed line endings", request("auto", "a = 1\r\nb = 2\nc = 3\r\n", UPDATE), 400,
                        "mixed_line_endings"),
                Arguments.of("a lone carriage return", request("auto", "a = 1\rb = 2\n", UPDATE), 400,
                        "mixed_line_endings"),
                Arguments.of("a 5 MiB file", request("auto", "a = 1\n".repeat(5 * 1024 * 1024 / 6), UPDATE), 413,
                        "code_too_large"),
                Arguments.of("a very long line", request("auto", "a = '" + longLine + "'\n", UPDATE), 413,
                        "line_too_long"),
                Arguments.of("no tags", Map.of("model", "auto", "messages", List.of(Map.of("role", "user",
                        "content", "please apply my edit"))), 400, "invalid_apply_message"),
                Arguments.of("no messages", Map.of("model", "auto", "messages", List.of()), 400, "invalid_messages"),
                Arguments.of("no user message", Map.of("model", "auto", "messages", List.of(Map.of("role", "system",
                        "content", "<code>a</code><update>b</update>"))), 400, "invalid_messages"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsAClear4xxNamingWhatIsWrong(String what, Map<String, Object> body, int status, String code) {
        TestApi.Response r = api.post("/v1/chat/completions", body);

        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("code").asString()).isEqualTo(code);
        assertThat(r.json().get("message").asString()).isNotBlank();
    }

    @Test
    void withoutAValidTokenIsA401JsonError() {
        TestApi.Response anonymous = new TestApi(port).post("/v1/chat/completions", request("auto", CODE, UPDATE));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("error").asBoolean()).isTrue();
        assertThat(anonymous.json().get("code").asString()).isEqualTo("unauthorized");

        TestApi.Response forged = new TestApi(port).as("cit_" + "A".repeat(43))
                .post("/v1/chat/completions", request("auto", CODE, UPDATE));
        assertThat(forged.status()).isEqualTo(401);
    }

    @Test
    void theOfficialOpenAiClientAppliesStreamsAndReadsTheRefusal() throws Exception {
        OpenAiNodeClient client = OpenAiNodeClient.prepared();
        Map<String, String> environment = Map.of("OPENAI_BASE_URL", "http://127.0.0.1:" + port + "/v1",
                "OPENAI_API_KEY", token, "APPLY_CODE", CODE, "APPLY_UPDATE", UPDATE);

        JsonNode completed = client.run("complete", environment);
        assertThat(completed.get("content").asString()).as(completed.toString()).isEqualTo(MERGED);
        assertThat(completed.get("object").asString()).isEqualTo("chat.completion");
        assertThat(completed.get("finish").asString()).isEqualTo("stop");
        assertThat(completed.get("engine").asString()).isEqualTo("local");

        JsonNode streamed = client.run("stream", environment);
        assertThat(streamed.get("content").asString()).as(streamed.toString()).isEqualTo(MERGED);
        assertThat(streamed.get("finish").asString()).isEqualTo("stop");

        JsonNode refused = client.run("complete", Map.of("OPENAI_BASE_URL", "http://127.0.0.1:" + port + "/v1",
                "OPENAI_API_KEY", token, "APPLY_CODE", AMBIGUOUS_CODE, "APPLY_UPDATE", AMBIGUOUS_UPDATE));
        assertThat(refused.get("status").asInt()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.get("code").asString()).isEqualTo("edit_not_placeable");
        assertThat(refused.get("message").asString()).contains("return 3;");
    }
}
