package io.codingit.chat;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import org.junit.jupiter.api.AfterEach;
import io.codingit.support.ServerSettings;
import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Recorded;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.codingit.chat.ChatClient.FRAGMENT;
import static io.codingit.chat.ChatClient.MODEL_OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fragment streamed through each provider's wire protocol, played by a real HTTP server: it
 * arrives piece by piece, concatenates to the fragment (prose and fences stripped), and the
 * caller's parameters and key reach the upstream.
 */
@ChatTest
class ChatStreamTest {
    static final FakeLlmServer upstream = new FakeLlmServer();

    @LocalServerPort
    int port;
    ChatClient chat;

    @Autowired
    ConfigurableEnvironment environment;
    ServerSettings operatorEndpoints;

    @BeforeEach
    void signUp() {
        upstream.reset();
        TestApi api = new TestApi(port);
        chat = new ChatClient(api, TestUsers.signUp(api).accessToken());
    }

    /** The fake upstream is the operator's configured endpoint for these providers (the server's key may go there). */
    @BeforeEach
    void operatorEndpoints() {
        Map<String, Object> endpoints = new LinkedHashMap<>();
        for (String provider : List.of("groq")) {
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

    private static List<String> modelPieces() {
        return Wire.pieces(MODEL_OUTPUT, 7);
    }

    @Test
    void openAiFragmentArrivesBeforeTheUpstreamHasFinishedAndParses() throws Exception {
        List<String> chunks = Wire.openAi(modelPieces());
        Reply reply = upstream.enqueue(Reply.of(200, "text/event-stream", chunks).pauseBefore(chunks.size() / 2));

        try (Socket socket = chat.openRaw(ChatClient.body("openai", "gpt-test", ChatClient.ownKey(upstream, "sk-own")), "*/*")) {
            InputStream in = socket.getInputStream();
            // the upstream holds back its second half until we have seen the first: it came through incrementally
            String firstPart = ChatClient.readUntil(in, "{\"co");
            assertThat(firstPart).startsWith("HTTP/1.1 200").contains("Content-Type: text/plain;charset=UTF-8");
            reply.proceed();
            String text = ChatClient.dechunk(firstPart + new String(in.readAllBytes(), StandardCharsets.UTF_8));

            assertThat(text).isEqualTo(FRAGMENT);
        }
    }

    @Test
    void openAiReceivesTheParametersTheKeyTheSchemaAndTheSystemPrompt() {
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(modelPieces())));
        Map<String, Object> config = ChatClient.ownKey(upstream, "sk-own-key");
        config.putAll(Map.of("temperature", 0.3, "topP", 0.9, "frequencyPenalty", 0.5, "presencePenalty", 0.25,
                "maxTokens", 1234, "model", "gpt-config-model"));

        TestApi.Response response = chat.post(ChatClient.body("openai", "gpt-test", config));

        assertThat(response.status()).isEqualTo(200);
        Recorded request = upstream.lastRequest();
        assertThat(request.path()).isEqualTo("/chat/completions");
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk-own-key");
        JsonNode sent = request.json();
        assertThat(sent.get("model").asString()).isEqualTo("gpt-config-model");
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(sent.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(sent.get("frequency_penalty").asDouble()).isEqualTo(0.5);
        assertThat(sent.get("presence_penalty").asDouble()).isEqualTo(0.25);
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(1234);
        assertThat(sent.get("response_format").get("type").asString()).isEqualTo("json_schema");
        assertThat(sent.get("response_format").get("json_schema").get("schema").get("properties").has("code")).isTrue();
        JsonNode messages = sent.get("messages");
        assertThat(messages.get(0).get("role").asString()).isEqualTo("system");
        assertThat(messages.get(0).get("content").asString())
                .contains("You are a skilled software engineer.", "Do not wrap code in backticks.",
                        "code-interpreter-v1", "nextjs-developer", "Port: 3000", "install_dependencies_command");
        assertThat(messages.get(1).get("role").asString()).isEqualTo("user");
        assertThat(messages.get(1).get("content").toString()).contains("Say hello in Python");
    }

    @Test
    void openAiCompatibleProvidersUseJsonModeAndTheServersKey() {
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(modelPieces())));
        Map<String, Object> config = new LinkedHashMap<>();

        TestApi.Response response = chat.post(ChatClient.body("groq", "llama-test", config));

        assertThat(response.status()).isEqualTo(200);
        assertThat(TestApi.JSON.readTree(response.body())).isEqualTo(TestApi.JSON.readTree(FRAGMENT));
        Recorded request = upstream.lastRequest();
        assertThat(request.header("Authorization")).isEqualTo("Bearer server-groq-key");
        assertThat(request.json().get("response_format").get("type").asString()).isEqualTo("json_object");
    }

    @Test
    void anthropicToolInputStreamsAsTheFragmentTextIncrementally() throws Exception {
        // Anthropic's structured output: the forced fragment tool's input, streamed as input_json_delta pieces.
        List<String> chunks = Wire.anthropicToolUse("fragment", Wire.pieces(FRAGMENT, 7));
        Reply reply = upstream.enqueue(Reply.of(200, "text/event-stream", chunks).pauseBefore(chunks.size() / 2));

        try (Socket socket = chat.openRaw(ChatClient.body("anthropic", "claude-test", ChatClient.ownKey(upstream, "sk-ant")),
                "text/event-stream")) {
            InputStream in = socket.getInputStream();
            String firstPart = ChatClient.readUntil(in, "event: delta");
            assertThat(firstPart).startsWith("HTTP/1.1 200");
            reply.proceed();
            List<Map.Entry<String, String>> events = ChatClient.events(
                    ChatClient.dechunk(firstPart + new String(in.readAllBytes(), StandardCharsets.UTF_8)));

            String text = events.stream().filter(e -> e.getKey().equals("delta"))
                    .map(e -> TestApi.JSON.readTree(e.getValue()).get("text").asString()).reduce("", String::concat);
            assertThat(text).as("the tool input, exactly as streamed").isEqualTo(FRAGMENT);
            assertThat(events.getLast().getKey()).isEqualTo("done");
            assertThat(TestApi.JSON.readTree(events.getLast().getValue()).get("object")).isEqualTo(TestApi.JSON.readTree(FRAGMENT));
        }
        JsonNode sent = upstream.lastRequest().json();
        assertThat(sent.get("tools")).as("one tool").hasSize(1);
        assertThat(sent.get("tools").get(0).get("name").asString()).isEqualTo("fragment");
        JsonNode schema = sent.get("tools").get(0).get("input_schema");
        assertThat(schema.get("type").asString()).isEqualTo("object");
        assertThat(schema.get("properties").has("code")).isTrue();
        assertThat(schema.get("properties").has("install_dependencies_command")).isTrue();
        assertThat(schema.get("required").toString()).contains("\"code\"", "\"file_path\"");
        assertThat(sent.get("tool_choice").get("type").asString()).as("the fragment tool is forced").isEqualTo("tool");
        assertThat(sent.get("tool_choice").get("name").asString()).isEqualTo("fragment");
    }

    @Test
    void anthropicMessagesStreamDeliversTheFragmentWithParametersAndKey() {
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.anthropicToolUse("fragment", Wire.pieces(FRAGMENT, 5))));
        Map<String, Object> config = ChatClient.ownKey(upstream, "sk-ant-own");
        config.putAll(Map.of("temperature", 0.2, "topP", 0.8, "topK", 40, "maxTokens", 2048, "frequencyPenalty", 1));

        TestApi.Response response = chat.post(ChatClient.body("anthropic", "claude-test", config));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(TestApi.JSON.readTree(response.body())).isEqualTo(TestApi.JSON.readTree(FRAGMENT));
        Recorded request = upstream.lastRequest();
        assertThat(request.path()).isEqualTo("/messages");
        assertThat(request.header("x-api-key")).isEqualTo("sk-ant-own");
        assertThat(request.header("anthropic-version")).isNotBlank();
        JsonNode sent = request.json();
        assertThat(sent.get("model").asString()).isEqualTo("claude-test");
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.get("top_p").asDouble()).isEqualTo(0.8);
        assertThat(sent.get("top_k").asInt()).isEqualTo(40);
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(2048);
        assertThat(sent.has("frequency_penalty")).as("Anthropic has no frequency penalty").isFalse();
        assertThat(sent.get("system").toString()).contains("You are a skilled software engineer.");
        assertThat(sent.get("messages").get(0).get("role").asString()).isEqualTo("user");
    }

    @Test
    void geminiStreamGenerateContentDeliversTheFragmentWithParametersAndKey() {
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.gemini(modelPieces())));
        Map<String, Object> config = ChatClient.ownKey(upstream, "gemini-own");
        config.putAll(Map.of("temperature", 0.4, "topK", 32, "maxTokens", 999));

        TestApi.Response response = chat.post(ChatClient.body("google", "gemini-test", config));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(TestApi.JSON.readTree(response.body())).isEqualTo(TestApi.JSON.readTree(FRAGMENT));
        Recorded request = upstream.lastRequest();
        assertThat(request.path()).isEqualTo("/models/gemini-test:streamGenerateContent");
        assertThat(request.header("x-goog-api-key")).isEqualTo("gemini-own");
        JsonNode generation = request.json().get("generationConfig");
        assertThat(generation.get("temperature").asDouble()).isEqualTo(0.4);
        assertThat(generation.get("topK").asInt()).isEqualTo(32);
        assertThat(generation.get("maxOutputTokens").asInt()).isEqualTo(999);
        assertThat(generation.get("responseMimeType").asString()).isEqualTo("application/json");
        assertThat(generation.get("responseSchema").get("properties").has("code")).as("Gemini's structured mode: the schema").isTrue();
        assertThat(request.json().get("systemInstruction").toString()).contains("skilled software engineer");
    }

    @Test
    void vertexGeminiArrivesIncrementallyAtTheProjectsModelWithTheBearerToken() throws Exception {
        List<String> chunks = Wire.gemini(modelPieces());
        Reply reply = upstream.enqueue(Reply.of(200, "text/event-stream", chunks).pauseBefore(chunks.size() / 2));
        Map<String, Object> config = ChatClient.ownKey(upstream, "ya29.vertex-access-token");
        config.putAll(Map.of("temperature", 0.2, "maxTokens", 555));

        try (Socket socket = chat.openRaw(ChatClient.body("vertex", "gemini-2.0-flash-001", config), "*/*")) {
            InputStream in = socket.getInputStream();
            String firstPart = ChatClient.readUntil(in, "{\"co");
            assertThat(firstPart).startsWith("HTTP/1.1 200");
            reply.proceed();
            String text = ChatClient.dechunk(firstPart + new String(in.readAllBytes(), StandardCharsets.UTF_8));

            assertThat(TestApi.JSON.readTree(text)).isEqualTo(TestApi.JSON.readTree(FRAGMENT));
        }
        Recorded request = upstream.lastRequest();
        assertThat(request.path()).isEqualTo("/projects/test-project-42/locations/europe-west4/publishers/google"
                + "/models/gemini-2.0-flash-001:streamGenerateContent");
        assertThat(request.query()).contains("alt=sse");
        assertThat(request.header("Authorization")).isEqualTo("Bearer ya29.vertex-access-token");
        assertThat(request.header("x-goog-api-key")).as("the token travels once, as a Bearer token").isNull();
        JsonNode generation = request.json().get("generationConfig");
        assertThat(generation.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(generation.get("maxOutputTokens").asInt()).isEqualTo(555);
        assertThat(generation.get("responseMimeType").asString()).isEqualTo("application/json");
        assertThat(generation.get("responseSchema").get("properties").has("code")).isTrue();
        assertThat(request.json().get("systemInstruction").toString()).contains("skilled software engineer");
    }

    @Test
    void ollamaChatStreamDeliversTheFragmentWithParameters() {
        upstream.enqueue(Reply.of(200, "application/x-ndjson", Wire.ollama(modelPieces())));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("baseURL", upstream.baseUrl());
        config.putAll(Map.of("temperature", 0.6, "topK", 20, "maxTokens", 777));

        TestApi.Response response = chat.post(ChatClient.body("ollama", "llama-test", config));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(TestApi.JSON.readTree(response.body())).isEqualTo(TestApi.JSON.readTree(FRAGMENT));
        Recorded request = upstream.lastRequest();
        assertThat(request.path()).isEqualTo("/api/chat");
        assertThat(request.header("Authorization")).isNull();
        JsonNode sent = request.json();
        assertThat(sent.get("model").asString()).isEqualTo("llama-test");
        assertThat(sent.get("options").get("temperature").asDouble()).isEqualTo(0.6);
        assertThat(sent.get("options").get("top_k").asInt()).isEqualTo(20);
        assertThat(sent.get("options").get("num_predict").asInt()).isEqualTo(777);
        assertThat(sent.get("format").isObject()).as("the fragment's JSON schema").isTrue();
        assertThat(sent.get("format").get("properties").has("code")).isTrue();
        assertThat(sent.get("format").get("required").toString()).contains("\"code\"");
    }

    @Test
    void eventStreamCarriesDeltasThenTheParsedObjectAndUsage() {
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(modelPieces())));

        TestApi.Response response = chat.postSse(ChatClient.body("openai", "gpt-test", ChatClient.ownKey(upstream, "sk")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("text/event-stream;charset=UTF-8");
        List<Map.Entry<String, String>> events = ChatClient.events(response.body());
        List<Map.Entry<String, String>> deltas = events.subList(0, events.size() - 1);
        assertThat(deltas).hasSizeGreaterThan(5).allSatisfy(e -> assertThat(e.getKey()).isEqualTo("delta"));
        String text = deltas.stream().map(e -> TestApi.JSON.readTree(e.getValue()).get("text").asString())
                .reduce("", String::concat);
        assertThat(TestApi.JSON.readTree(text)).isEqualTo(TestApi.JSON.readTree(FRAGMENT));
        Map.Entry<String, String> done = events.getLast();
        assertThat(done.getKey()).isEqualTo("done");
        JsonNode data = TestApi.JSON.readTree(done.getValue());
        assertThat(data.get("object")).isEqualTo(TestApi.JSON.readTree(FRAGMENT));
        assertThat(data.get("usage").get("promptTokens").asInt()).isEqualTo(11);
        assertThat(data.get("usage").get("completionTokens").asInt()).isEqualTo(22);
        assertThat(data.get("usage").get("totalTokens").asInt()).isEqualTo(33);
    }

    @Test
    void imagesAndEarlierTurnsReachAMultimodalModel() {
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(modelPieces())));
        Map<String, Object> body = ChatClient.body("openai", "gpt-test", ChatClient.ownKey(upstream, "sk"));
        body.put("messages", List.of(
                Map.of("role", "user", "content", "Make a chart"),
                Map.of("role", "assistant", "content", "Which data?"),
                Map.of("role", "user", "content", List.of(
                        Map.of("type", "text", "text", "This one"),
                        Map.of("type", "image", "image", "data:image/png;base64,iVBORw0KGgo=")))));

        TestApi.Response response = chat.post(body);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode messages = upstream.lastRequest().json().get("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(2).get("role").asString()).isEqualTo("assistant");
        assertThat(messages.get(3).toString()).contains("This one", "data:image/png;base64,iVBORw0KGgo=");
    }
}
