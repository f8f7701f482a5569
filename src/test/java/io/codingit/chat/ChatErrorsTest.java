package io.codingit.chat;

import org.junit.jupiter.api.AfterEach;
import io.codingit.support.ServerSettings;
import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.codingit.chat.ChatClient.MODEL_OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstream failures mapped as the peer's {@code handleAPIError} (JSON before the first byte, an SSE
 * {@code error} event after it), malformed requests, missing keys and forbidden base URLs.
 */
@ChatTest
class ChatErrorsTest {
    static final FakeLlmServer upstream = new FakeLlmServer();
    static final String HINT = " Try using your own API key.";

    @LocalServerPort
    int port;
    TestApi api;
    @Autowired
    ConfigurableEnvironment environment;
    ChatClient chat;

    ServerSettings operatorEndpoints;

    @BeforeEach
    void signUp() {
        upstream.reset();
        api = new TestApi(port);
        chat = new ChatClient(api, TestUsers.signUp(api).accessToken());
    }

    /** The fake upstream is the operator's configured endpoint for these providers (the server's key may go there). */
    @BeforeEach
    void operatorEndpoints() {
        Map<String, Object> endpoints = new LinkedHashMap<>();
        for (String provider : List.of("groq", "xai", "vertex")) {
            endpoints.put("codingit.llm.base-urls." + provider, upstream.baseUrl());
        }
        operatorEndpoints = ServerSettings.set(environment, endpoints);
    }

    @AfterEach
    void closeOperatorEndpoints() {
        operatorEndpoints.close();
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    /** No key and no base URL: the server's key (where it holds one) to the operator's endpoint. */
    private static Map<String, Object> serverKeyConfig() {
        return new LinkedHashMap<>();
    }

    @ParameterizedTest(name = "upstream {0} → {2}")
    @CsvSource(delimiter = '|', value = {
            "429 | {\"error\":{\"message\":\"Too many requests\"}}                       | 429 | The provider is currently unavailable due to request limit.",
            // a spent usage quota on the caller's own key: waiting does not help, so not 429 (issue 14)
            "400 | {\"error\":{\"message\":\"You exceeded your current usage limit\"}}  | 402 | The quota or credit of this API key is used up at the provider; check the plan and billing of the account that owns the key.",
            "529 | {\"error\":{\"message\":\"Overloaded\"}}                              | 529 | The provider is currently unavailable. Please try again later.",
            "503 | {\"error\":{\"message\":\"Service Unavailable\"}}                     | 529 | The provider is currently unavailable. Please try again later.",
            "401 | {\"error\":{\"message\":\"Incorrect API key provided: sk-leak\"}}     | 403 | Access denied. Please make sure your API key is valid.",
            "403 | {\"error\":{\"message\":\"Forbidden\"}}                               | 403 | Access denied. Please make sure your API key is valid.",
            "500 | {\"error\":{\"message\":\"boom at internal-host-7 sk-leak\"}}         | 500 | An unexpected error has occurred. Please try again later.",
            "404 | {\"error\":{\"message\":\"model gpt-x does not exist\"}}              | 500 | An unexpected error has occurred. Please try again later."})
    void upstreamErrorsBeforeTheFirstByteAreJsonWithTheMappedStatus(int upstreamStatus, String upstreamBody,
                                                                      int expectedStatus, String expectedMessage) {
        upstream.enqueue(Reply.json(upstreamStatus, upstreamBody));

        TestApi.Response response = chat.post(ChatClient.body("openai", "gpt-test", ChatClient.ownKey(upstream, "sk-own")));

        assertThat(response.status()).isEqualTo(expectedStatus);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.get("error").asBoolean()).isTrue();
        assertThat(body.get("message").asString()).isEqualTo(expectedMessage);
        assertThat(response.body()).doesNotContain("sk-leak").doesNotContain("internal-host-7").doesNotContain("sk-own");
    }

    @Test
    void aRateLimitedCallerOnTheServersKeyIsToldToBringTheirOwn() {
        upstream.enqueue(Reply.json(429, "{\"error\":{\"message\":\"Too many requests\"}}"));

        TestApi.Response response = chat.post(ChatClient.body("groq", "llama-test", serverKeyConfig()));

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.json().get("message").asString())
                .isEqualTo("The provider is currently unavailable due to request limit." + HINT);
    }

    @Test
    void anthropicOverloadedAfterTheFirstByteIsAnSseErrorEvent() {
        List<String> chunks = new ArrayList<>(Wire.anthropic(Wire.pieces(MODEL_OUTPUT, 7)).subList(0, 8));
        chunks.add(Wire.anthropicEvent("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        upstream.enqueue(Reply.of(200, "text/event-stream", chunks));

        TestApi.Response response = chat.postSse(ChatClient.body("anthropic", "claude-test", ChatClient.ownKey(upstream, "k")));

        assertThat(response.status()).isEqualTo(200);
        List<Map.Entry<String, String>> events = ChatClient.events(response.body());
        assertThat(events.getFirst().getKey()).isEqualTo("delta");
        assertThat(events.getLast().getKey()).isEqualTo("error");
        JsonNode error = TestApi.JSON.readTree(events.getLast().getValue());
        assertThat(error.get("status").asInt()).isEqualTo(529);
        assertThat(error.get("message").asString()).isEqualTo("The provider is currently unavailable. Please try again later.");
        assertThat(events).noneMatch(e -> e.getKey().equals("done"));
    }

    @Test
    void aConnectionDroppedMidStreamEndsTheEventStreamWithAnErrorEvent() {
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(Wire.pieces(MODEL_OUTPUT, 7)).subList(0, 12))
                .thenDropConnection());

        TestApi.Response response = chat.postSse(ChatClient.body("openai", "gpt-test", ChatClient.ownKey(upstream, "k")));

        List<Map.Entry<String, String>> events = ChatClient.events(response.body());
        assertThat(events.getFirst().getKey()).isEqualTo("delta");
        assertThat(events.getLast().getKey()).isEqualTo("error");
        assertThat(TestApi.JSON.readTree(events.getLast().getValue()).get("status").asInt()).isEqualTo(502);
    }

    @Test
    void aConnectionDroppedMidStreamEndsThePlainTextStreamEarly() {
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(Wire.pieces(MODEL_OUTPUT, 7)).subList(0, 12))
                .thenDropConnection());

        TestApi.Response response = chat.post(ChatClient.body("openai", "gpt-test", ChatClient.ownKey(upstream, "k")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"commentary\"");
        assertThat(ChatClient.FRAGMENT).startsWith(response.body()).isNotEqualTo(response.body());
    }

    @Test
    void anUpstreamThatNeverAnswersTimesOutAsJson() {
        upstream.enqueue(Reply.of(200, "text/event-stream", List.of()).thenSilence());

        TestApi.Response response = chat.post(ChatClient.body("openai", "gpt-test", ChatClient.ownKey(upstream, "k")));

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.json().get("message").asString()).isEqualTo("The provider did not respond in time. Please try again later.");
    }

    @Test
    void aModelThatAnswersWithoutAnyJsonObjectIsAnError() {
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(List.of("I cannot help with that."))));

        TestApi.Response response = chat.post(ChatClient.body("openai", "gpt-test", ChatClient.ownKey(upstream, "k")));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.json().get("message").asString()).contains("did not generate a fragment");
    }

    @Test
    void noKeyAnywhereIs503NamingTheVariable() {
        TestApi.Response response = chat.post(ChatClient.body("xai", "grok-test", serverKeyConfig()));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().get("message").asString()).contains("XAI_API_KEY");
        assertThat(upstream.requests()).isEmpty();
    }

    @ParameterizedTest(name = "vertex upstream {0} → {1}")
    @CsvSource({"401, 403", "403, 403", "429, 429", "503, 529", "500, 500"})
    void vertexUpstreamErrorsMapAsForTheOtherProviders(int upstreamStatus, int expectedStatus) {
        upstream.enqueue(Reply.json(upstreamStatus, "{\"error\":{\"code\":" + upstreamStatus
                + ",\"message\":\"token ya29.leak at internal-host-7\",\"status\":\"X\"}}"));

        TestApi.Response response = chat.post(ChatClient.body("vertex", "gemini-test", ChatClient.ownKey(upstream, "ya29.own")));

        assertThat(response.status()).isEqualTo(expectedStatus);
        assertThat(response.body()).doesNotContain("ya29").doesNotContain("internal-host-7");
    }

    @Test
    void vertexWithoutAProjectIs503NamingTheVariable() {
        // The project is read per request, like the keys: hide the context's for this one request.
        MapPropertySource noProject = new MapPropertySource("no-vertex-project",
                Map.of("codingit.llm.vertex.project", "", "GOOGLE_VERTEX_PROJECT", ""));
        environment.getPropertySources().addFirst(noProject);
        try {
            TestApi.Response response = chat.post(ChatClient.body("vertex", "gemini-test", ChatClient.ownKey(upstream, "ya29.own")));

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.json().get("message").asString()).contains("GOOGLE_VERTEX_PROJECT");
            assertThat(upstream.requests()).isEmpty();
        } finally {
            environment.getPropertySources().remove(noProject.getName());
        }
    }

    @Test
    void vertexWithoutATokenIs503NamingTheVariable() {
        TestApi.Response response = chat.post(ChatClient.body("vertex", "gemini-test", serverKeyConfig()));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().get("message").asString()).contains("GOOGLE_VERTEX_ACCESS_TOKEN");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void anUnknownProviderIs400ListingTheValidIds() {
        TestApi.Response response = chat.post(ChatClient.body("acme-ai", "m", serverKeyConfig()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("message").asString())
                .contains("acme-ai", "openai", "anthropic", "google", "vertex", "mistral", "groq", "togetherai", "fireworks", "xai",
                        "deepseek", "openrouter", "ollama");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:5432", "http://[::1]", "http://0x7f000001", "http://localhost",
            "https://127.0.0.1:5432/v1", "https://localhost:11434"})
    void loopbackBaseUrlsAre400AndNothingIsSent(String baseUrl) {
        Map<String, Object> config = ChatClient.ownKey(upstream, "sk-own");
        config.put("baseURL", baseUrl);

        TestApi.Response response = chat.post(ChatClient.body("openai", "gpt-test", config));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("message").asString()).contains("config.baseURL");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void malformedRequestsAre400NamingTheProblem() {
        Map<String, Object> valid = ChatClient.body("openai", "gpt-test", ChatClient.ownKey(upstream, "k"));
        assertBadRequest(without(valid, "messages"), "messages is required");
        assertBadRequest(with(valid, "messages", "hello"), "messages must be an array");
        assertBadRequest(with(valid, "messages", List.of()), "at least one message");
        assertBadRequest(with(valid, "messages", List.of(Map.of("role", "robot", "content", "hi"))),
                "messages[0].role 'robot' is not one of user, assistant, system");
        assertBadRequest(with(valid, "messages", List.of(Map.of("role", "user", "content", 42))),
                "messages[0].content must be a string or an array of parts");
        assertBadRequest(with(valid, "messages", List.of(Map.of("role", "user"))), "messages[0].content is required");
        assertBadRequest(with(valid, "messages", List.of(Map.of("role", "assistant", "content",
                List.of(Map.of("type", "image", "image", "data:image/png;base64,AAAA"))))), "only allowed in user messages");
        assertBadRequest(with(valid, "messages", List.of(Map.of("role", "user", "content",
                List.of(Map.of("type", "image", "image", "http://169.254.169.254/latest"))))), "content[0].image");
        assertBadRequest(without(valid, "model"), "model is required");
        Map<String, Object> hotConfig = ChatClient.ownKey(upstream, "k");
        hotConfig.put("temperature", "hot");
        assertBadRequest(with(valid, "config", hotConfig), "config.temperature must be a number");
        Map<String, Object> bigTopK = ChatClient.ownKey(upstream, "k");
        bigTopK.put("maxTokens", 1.5);
        assertBadRequest(with(valid, "config", bigTopK), "config.maxTokens must be an integer");
        assertBadRequest(with(valid, "template", "rails-developer"), "template 'rails-developer' is unknown");
        assertBadRequest("{\"messages\": [", "");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aTenMegabytePromptIs413() throws Exception {
        String prompt = "x".repeat(10 * 1024 * 1024 + 1);
        byte[] body = TestApi.JSON.writeValueAsBytes(Map.of("messages", List.of(Map.of("role", "user", "content", prompt)),
                "model", Map.of("id", "gpt-test", "providerId", "openai"), "config", ChatClient.ownKey(upstream, "k")));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            byte[] head = ("POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + chat.token()
                    + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            // The server may answer and close before the whole body is sent, so the body goes out on its own thread.
            Thread.startVirtualThread(() -> {
                try {
                    socket.getOutputStream().write(head);
                    socket.getOutputStream().write(body);
                } catch (java.io.IOException serverClosedEarly) {
                    // expected when the server refuses by Content-Length
                }
            });
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413").contains("\"error\":true");
        }
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void anonymousCallersAre401() {
        TestApi.Response response = api.post("/api/chat", ChatClient.body("openai", "gpt-test", ChatClient.ownKey(upstream, "k")));

        assertThat(response.status()).isEqualTo(401);
    }

    private void assertBadRequest(Object body, String messagePart) {
        TestApi.Response response = chat.post(body);
        assertThat(response.status()).as(String.valueOf(response)).isEqualTo(400);
        assertThat(response.json().get("message").asString()).contains(messagePart);
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(key, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> body, String key) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.remove(key);
        return copy;
    }
}
