package io.codingit.chat;

import dev.langchain4j.data.message.UserMessage;
import io.codingit.llm.GenerationConfig;
import io.codingit.llm.LlmProvider;
import io.codingit.llm.LlmRouteException;
import io.codingit.llm.ToolChatClient;
import io.codingit.llm.ToolChatRequest;
import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire;
import io.codingit.support.ServerSettings;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Security finding 1: the server's provider keys go only to the provider's own endpoint or the one the operator
 * configured. A real listener stands in for an attacker's {@code config.baseURL} (its host is allow-listed in
 * this context, as any public https host passes the URL policy in production); it must never receive a
 * server key, on any route or client, whatever spelling of its URL is used.
 */
@ChatTest
class ServerKeysStayHomeTest {
    static final FakeLlmServer attacker = new FakeLlmServer();
    static final Map<String, Object> SERVER_KEYS = Map.of(
            "OPENAI_API_KEY", "sk-server-openai-secret",
            "ANTHROPIC_API_KEY", "sk-ant-server-secret",
            "GOOGLE_AI_API_KEY", "server-gemini-secret",
            "GOOGLE_VERTEX_ACCESS_TOKEN", "ya29.server-vertex-secret");

    @LocalServerPort
    int port;
    @Autowired
    ConfigurableEnvironment environment;
    @Autowired
    ToolChatClient toolChat;
    ServerSettings keys;
    ChatClient chat;

    @BeforeEach
    void setUp() {
        attacker.reset();
        keys = ServerSettings.set(environment, SERVER_KEYS);
        TestApi api = new TestApi(port);
        chat = new ChatClient(api, TestUsers.signUp(api).accessToken());
    }

    @AfterEach
    void tearDown() {
        keys.close();
    }

    @AfterAll
    static void stop() {
        attacker.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openai", "anthropic", "google", "vertex", "groq", "mistral", "openrouter"})
    void aCallerChosenBaseUrlWithoutTheCallersKeyIsRefusedBeforeAnyConnection(String provider) {
        try (ServerSettings groq = ServerSettings.set(environment, Map.of("GROQ_API_KEY", "gsk-server-secret",
                "MISTRAL_API_KEY", "server-mistral-secret", "OPENROUTER_API_KEY", "server-openrouter-secret"))) {
            TestApi.Response response = chat.post(ChatClient.body(provider, "some-model", Map.of("baseURL", attacker.baseUrl())));

            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.json().get("code").asString()).isEqualTo("own_api_key_required");
            assertThat(response.json().get("message").asString()).contains("config.apiKey").contains(provider);
        }
        assertThat(attacker.requests()).as("the attacker's listener heard nothing").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/v1", "/v1/", "/chat/completions?x=1"})
    void noSpellingOfTheAttackersUrlReceivesTheKey(String suffix) {
        String url = attacker.baseUrl().replace("http://", "HTTP://") + suffix;

        TestApi.Response response = chat.post(ChatClient.body("openai", "gpt-test", Map.of("baseURL", url)));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(attacker.requests()).isEmpty();
    }

    @Test
    void morphChatRefusesTheSame() {
        Map<String, Object> body = new LinkedHashMap<>(ChatClient.body("anthropic", "claude-test", Map.of("baseURL", attacker.baseUrl())));
        body.put("currentFragment", Map.of("code", "print(1)\n", "file_path", "a.py", "template", "code-interpreter-v1"));

        TestApi.Response response = chat.api().post("/api/chat/morph-chat", body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("code").asString()).isEqualTo("own_api_key_required");
        assertThat(attacker.requests()).isEmpty();
    }

    @Test
    void theToolCallingClientRefusesTheSame() {
        for (LlmProvider provider : List.of(LlmProvider.OPENAI, LlmProvider.ANTHROPIC, LlmProvider.GOOGLE, LlmProvider.VERTEX)) {
            ToolChatRequest request = new ToolChatRequest("user-1", provider, "m", new GenerationConfig(null, attacker.baseUrl(),
                    null, null, null, null, null, null), null, List.of(UserMessage.from("hi")), List.of());
            assertThatThrownBy(() -> toolChat.chat(request)).isInstanceOf(LlmRouteException.class)
                    .hasMessageContaining("config.apiKey");
        }
        assertThat(attacker.requests()).isEmpty();
    }

    @Test
    void theCallersOwnKeyIsWhatTheCallersEndpointReceives() {
        attacker.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(List.of(ChatClient.FRAGMENT))));

        TestApi.Response response = chat.post(ChatClient.body("openai", "gpt-test", ChatClient.ownKey(attacker, "sk-callers-own")));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(attacker.requests()).singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer sk-callers-own"));
        assertThat(attacker.lastRequest().headers().toString()).doesNotContain("secret");
    }

    @Test
    void theServerKeyGoesToTheOperatorsConfiguredEndpoint() {
        FakeLlmServer gateway = attacker; // the same listener, now configured by the operator
        try (ServerSettings operator = ServerSettings.set(environment, Map.of("codingit.llm.base-urls.openai", gateway.baseUrl()))) {
            gateway.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(List.of(ChatClient.FRAGMENT))));
            gateway.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(List.of(ChatClient.FRAGMENT))));

            assertThat(chat.post(ChatClient.body("openai", "gpt-test", Map.of())).status()).isEqualTo(200);
            assertThat(chat.post(ChatClient.body("openai", "gpt-test", Map.of("baseURL", gateway.baseUrl() + "/"))).status())
                    .as("naming the operator's endpoint is not choosing another").isEqualTo(200);
        }
        assertThat(gateway.requests()).hasSize(2)
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer sk-server-openai-secret"));
    }
}
