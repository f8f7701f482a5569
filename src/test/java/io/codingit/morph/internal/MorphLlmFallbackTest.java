package io.codingit.morph.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire;
import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code engine=auto} without a Morph key but with a configured model: when the local engine refuses, the model
 * (a fake OpenAI-compatible provider streaming chat chunks on 127.0.0.2, configured as the operator's endpoint for
 * openai, with the server's key for it) rewrites the
 * whole file, and the response says so.
 */
@IntegrationTest
class MorphLlmFallbackTest {

    static final FakeLlmServer provider = new FakeLlmServer();

    @DynamicPropertySource
    static void rewritingModel(DynamicPropertyRegistry registry) {
        registry.add("codingit.morph.llm-provider", () -> "openai");
        registry.add("codingit.morph.llm-model", () -> "gpt-apply-test");
        // the operator's endpoint for the provider: the only other place the server's key goes
        registry.add("codingit.llm.base-urls.openai", provider::baseUrl);
        registry.add("OPENAI_API_KEY", () -> "sk-server-openai-test");
    }

    @LocalServerPort
    int port;
    TestApi api;

    @BeforeEach
    void token() {
        provider.reset();
        TestApi anonymous = new TestApi(port);
        String access = TestUsers.signUp(anonymous).accessToken();
        String token = anonymous.as(access).post("/api/auth/tokens", Map.of("name", "editor")).json().get("token")
                .asString();
        api = anonymous.as(token);
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @Test
    void aSnippetTheLocalEngineRefusesIsRewrittenByTheConfiguredModel() {
        String merged = "function a() {\n  return 3;\n}\n\nfunction b() {\n  return 2;\n}\n";
        provider.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(Wire.pieces("```js\n" + merged + "```", 4))));

        TestApi.Response r = api.post("/v1/chat/completions",
                MorphApiTest.request("auto", MorphApiTest.AMBIGUOUS_CODE, MorphApiTest.AMBIGUOUS_UPDATE));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("engine").asString()).isEqualTo("llm");
        assertThat(r.header("X-Apply-Engine")).isEqualTo("llm");
        assertThat(r.json().at("/choices/0/message/content").asString()).isEqualTo(merged);
        FakeLlmServer.Recorded sent = provider.lastRequest();
        assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-server-openai-test");
        JsonNode body = sent.json();
        assertThat(body.get("model").asString()).isEqualTo("gpt-apply-test");
        assertThat(body.toString()).contains("<update>").contains("return 3;").contains("function b()");
    }

    @Test
    void aSnippetTheLocalEngineCanPlaceNeverReachesTheModel() {
        TestApi.Response r = api.post("/v1/chat/completions",
                MorphApiTest.request("auto", MorphApiTest.CODE, MorphApiTest.UPDATE));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("engine").asString()).isEqualTo("local");
        assertThat(provider.requests()).isEmpty();
    }
}
