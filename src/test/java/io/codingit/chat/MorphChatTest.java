package io.codingit.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Recorded;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/chat/morph-chat} with the local engine (no MORPH_API_KEY in this context): the fake
 * provider answers with a lazy edit, the route merges it into the current fragment's code.
 */
@ChatTest
class MorphChatTest {

    static final FakeLlmServer upstream = new FakeLlmServer();
    static final String CODE = """
            def greet(name):
                return "Hello " + name


            def farewell(name):
                return "Bye " + name
            """;

    @LocalServerPort
    int port;
    TestApi api;

    @BeforeEach
    void signUp() {
        upstream.reset();
        TestApi anonymous = new TestApi(port);
        api = anonymous.as(TestUsers.signUp(anonymous).accessToken());
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    private static Map<String, Object> body() {
        Map<String, Object> fragment = new LinkedHashMap<>();
        fragment.put("commentary", "old commentary");
        fragment.put("template", "code-interpreter-v1");
        fragment.put("title", "Greeter");
        fragment.put("description", "Greets people");
        fragment.put("additional_dependencies", List.of());
        fragment.put("has_additional_dependencies", false);
        fragment.put("install_dependencies_command", "");
        fragment.put("port", 3000);
        fragment.put("file_path", "app.py");
        fragment.put("code", CODE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", List.of(Map.of("role", "user", "content", "Make the greeting friendlier")));
        body.put("model", Map.of("id", "gpt-test", "name", "gpt-test", "provider", "openai", "providerId", "openai"));
        body.put("config", ChatClient.ownKey(upstream, "sk-own"));
        body.put("currentFragment", fragment);
        return body;
    }

    private static void modelAnswers(String edit) {
        String answer = TestApi.JSON.writeValueAsString(Map.of("commentary", "I made the greeting friendlier.",
                "instruction", "I change the greeting text.", "edit", edit, "file_path", "app.py"));
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(Wire.pieces(answer, 5))));
    }

    @Test
    void mergesTheModelsLazyEditIntoTheFragment() {
        modelAnswers("""
                def greet(name):
                    return "Hello there, " + name + "!"


                def farewell(name):
                # ... existing code ...
                """);

        TestApi.Response response = api.post("/api/chat/morph-chat", body());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/plain").containsIgnoringCase("charset=utf-8");
        assertThat(response.header("X-Apply-Engine")).as("the engine that produced the file").isEqualTo("local");
        JsonNode fragment = response.json();
        assertThat(fragment.path("code").stringValue()).isEqualTo(CODE.replace("\"Hello \" + name", "\"Hello there, \" + name + \"!\""));
        assertThat(fragment.path("commentary").stringValue()).isEqualTo("I made the greeting friendlier.");
        assertThat(fragment.path("title").stringValue()).isEqualTo("Greeter");
        assertThat(fragment.path("port").asInt()).isEqualTo(3000);
        assertThat(fragment.path("file_path").stringValue()).isEqualTo("app.py");

        Recorded sent = upstream.lastRequest();
        String system = sent.json().path("messages").path(0).path("content").stringValue();
        assertThat(system).contains("... existing code ...").contains(CODE.strip());
        assertThat(sent.body()).contains("\"instruction\"").contains("\"edit\"");
    }

    @Test
    void editTheLocalEngineCannotPlaceIs422NamingThePart() {
        modelAnswers("""
                # ... existing code ...
                    return "Hi " + name
                # ... existing code ...
                """);

        TestApi.Response response = api.post("/api/chat/morph-chat", body());

        assertThat(response.status()).isEqualTo(422);
        JsonNode error = response.json();
        assertThat(error.path("code").stringValue()).isEqualTo("edit_not_placeable");
        assertThat(error.path("message").stringValue())
                .contains("fragment is unchanged").contains("return \"Hi \" + name").contains("line 2");
        assertThat(response.body()).doesNotContain("def farewell");
    }

    @Test
    void missingCurrentFragmentIs400() {
        Map<String, Object> body = body();
        body.remove("currentFragment");

        TestApi.Response response = api.post("/api/chat/morph-chat", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("message").stringValue()).contains("currentFragment");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void answerWithoutAnEditIs502() {
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(List.of("Sorry, I cannot help with that."))));

        TestApi.Response response = api.post("/api/chat/morph-chat", body());

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().path("message").stringValue()).contains("did not answer with an edit");
    }
}
