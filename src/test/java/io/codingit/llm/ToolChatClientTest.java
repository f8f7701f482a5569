package io.codingit.llm;

import io.codingit.support.ServerSettings;
import io.codingit.ratelimit.RateLimitExceededException;
import org.springframework.core.env.ConfigurableEnvironment;
import java.util.Map;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.codingit.chat.ChatTest;
import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tool-calling turn against the providers' real wire formats (a real HTTP server on 127.0.0.2 plays
 * each provider): the tools are sent, the model's tool calls come back parsed, and the tool results of the
 * next turn are sent in the provider's own shape.
 */
@ChatTest
class ToolChatClientTest {
    static final FakeLlmServer upstream = new FakeLlmServer();
    static final String KEY = "own-key-for-tools-123456";
    static final ToolSpecification READ_FILE = ToolSpecification.builder().name("read_file").description("Read a file")
            .parameters(JsonObjectSchema.builder().addStringProperty("path").required("path").build()).build();

    @Autowired
    ToolChatClient client;
    @Autowired
    ConfigurableEnvironment environment;

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @Test
    void openAiToolCallsRoundTrip() {
        upstream.enqueue(Reply.json(200, Wire.openAiToolCalls(List.of(new Wire.ToolCall("call_1", "read_file", "{\"path\":\"a.txt\"}")))));
        upstream.enqueue(Reply.json(200, Wire.openAiAnswer("It says hi.")));
        roundTrip(LlmProvider.OPENAI, "/chat/completions", 100);
        assertThat(upstream.requests().get(0).json().get("tools").get(0).get("function").get("name").asString()).isEqualTo("read_file");
        assertThat(upstream.requests().get(1).json().get("messages").get(3).get("role").asString()).isEqualTo("tool");
        assertThat(upstream.requests().get(1).json().get("messages").get(3).get("tool_call_id").asString()).isEqualTo("call_1");
        assertThat(upstream.requests().get(0).header("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void anthropicToolUseRoundTrip() {
        upstream.enqueue(Reply.json(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\","
                + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"read_file\",\"input\":{\"path\":\"a.txt\"}}],"
                + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}"));
        upstream.enqueue(Reply.json(200, "{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"It says hi.\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":20,\"output_tokens\":5}}"));
        roundTrip(LlmProvider.ANTHROPIC, "/messages", 10);
        assertThat(upstream.requests().get(0).json().get("tools").get(0).get("name").asString()).isEqualTo("read_file");
        assertThat(upstream.requests().get(1).json().get("messages").get(2).get("content").get(0).get("tool_use_id").asString())
                .isEqualTo("toolu_1");
        assertThat(upstream.requests().get(0).header("x-api-key")).isEqualTo(KEY);
    }

    @Test
    void geminiFunctionCallRoundTrip() {
        upstream.enqueue(Reply.json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"read_file\","
                + "\"args\":{\"path\":\"a.txt\"}}}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":5,\"totalTokenCount\":15}}"));
        upstream.enqueue(Reply.json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"It says hi.\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":20,\"candidatesTokenCount\":5,\"totalTokenCount\":25}}"));
        roundTrip(LlmProvider.GOOGLE, ":generateContent", 10);
        assertThat(upstream.requests().get(0).body()).contains("functionDeclarations").contains("read_file");
        assertThat(upstream.requests().get(1).body()).contains("functionResponse");
    }

    @Test
    void providerFailuresAreMappedAndPolicyIsApplied() {
        upstream.enqueue(Reply.json(401, "{\"error\":{\"message\":\"bad key " + KEY + "\"}}"));
        assertThatThrownBy(() -> client.chat(request(LlmProvider.OPENAI, upstream.baseUrl(), List.of(UserMessage.from("hi")))))
                .isInstanceOf(LlmCallException.class)
                .satisfies(e -> assertThat(((LlmCallException) e).failure().status()).isEqualTo(403))
                .hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> client.chat(request(LlmProvider.OPENAI, "http://127.0.0.1:5432", List.of(UserMessage.from("hi")))))
                .isInstanceOf(LlmException.class).hasMessageContaining("config.baseURL");
    }

    private void roundTrip(LlmProvider provider, String pathEnd, int inputTokens) {
        List<ChatMessage> messages = new ArrayList<>(List.of(UserMessage.from("What does a.txt say?")));
        ToolChatResponse first = client.chat(request(provider, upstream.baseUrl(), messages));
        assertThat(first.toolCalls()).hasSize(1);
        ToolExecutionRequest call = first.toolCalls().getFirst();
        assertThat(call.name()).isEqualTo("read_file");
        assertThat(call.arguments()).isEqualToIgnoringWhitespace("{\"path\":\"a.txt\"}");
        assertThat(first.usage().inputTokens()).isEqualTo(inputTokens);
        messages.add(first.message());
        messages.add(ToolExecutionResultMessage.from(call, "hi"));
        ToolChatResponse second = client.chat(request(provider, upstream.baseUrl(), messages));
        assertThat(second.toolCalls()).isEmpty();
        assertThat(second.text()).isEqualTo("It says hi.");
        assertThat(upstream.requests()).hasSize(2).allSatisfy(r -> assertThat(r.path()).endsWith(pathEnd));
        assertThat(upstream.requests().get(0).body()).contains("Be brief.");
    }

    /** Finding 5: every tool-calling turn on the server's key is one unit of the caller's llm budget (3 here). */
    @Test
    void turnsOnTheServersKeyAreChargedToTheCaller() {
        try (ServerSettings operator = ServerSettings.set(environment, Map.of("codingit.llm.base-urls.groq", upstream.baseUrl()))) {
            ToolChatRequest onServerKey = new ToolChatRequest("budget-user-" + System.nanoTime(), LlmProvider.GROQ, "m",
                    GenerationConfig.none(), null, List.of(UserMessage.from("hi")), List.of());
            for (int i = 0; i < 3; i++) {
                upstream.enqueue(Reply.json(200, Wire.openAiAnswer("ok")));
                assertThat(client.chat(onServerKey).text()).isEqualTo("ok");
            }
            assertThatThrownBy(() -> client.chat(onServerKey)).isInstanceOf(RateLimitExceededException.class);
        }
        assertThat(upstream.requests()).hasSize(3)
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer server-groq-key"));
    }

    private static ToolChatRequest request(LlmProvider provider, String baseUrl, List<ChatMessage> messages) {
        return new ToolChatRequest("tool-chat-test-user", provider, "test-model", new GenerationConfig(KEY, baseUrl, null, null, null, null, null, 256),
                "Be brief.", messages, List.of(READ_FILE));
    }
}
