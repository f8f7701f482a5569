package io.codingit.morph.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
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
 * {@code engine=auto} with a Morph key: the local engine first; when it refuses, Morph's cloud (a fake speaking
 * Morph's OpenAI-compatible wire format on 127.0.0.2) with the model the caller named. The response says which
 * engine produced the file.
 */
@IntegrationTest
class MorphCloudFallbackTest {

    static final FakeLlmServer morph = new FakeLlmServer();
    static final String MORPH_KEY = "sk-morph-fallback-test";

    @DynamicPropertySource
    static void morphCloud(DynamicPropertyRegistry registry) {
        registry.add("codingit.morph.api-key", () -> MORPH_KEY);
        registry.add("codingit.morph.base-url", () -> morph.baseUrl() + "/v1");
    }

    @LocalServerPort
    int port;
    TestApi api;

    @BeforeEach
    void token() {
        morph.reset();
        TestApi anonymous = new TestApi(port);
        String access = TestUsers.signUp(anonymous).accessToken();
        String token = anonymous.as(access).post("/api/auth/tokens", Map.of("name", "editor")).json().get("token")
                .asString();
        api = anonymous.as(token);
    }

    @AfterAll
    static void stop() {
        morph.close();
    }

    @Test
    void aSnippetTheLocalEngineCanPlaceNeverReachesTheCloud() {
        TestApi.Response r = api.post("/v1/chat/completions",
                MorphApiTest.request("morph-v3-large", MorphApiTest.CODE, MorphApiTest.UPDATE));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("engine").asString()).isEqualTo("local");
        assertThat(r.json().at("/choices/0/message/content").asString()).isEqualTo(MorphApiTest.MERGED);
        assertThat(morph.requests()).isEmpty();
    }

    @Test
    void aSnippetTheLocalEngineRefusesIsAppliedByMorphWithTheNamedModel() {
        String merged = "function a() {\n  return 3;\n}\n\nfunction b() {\n  return 2;\n}\n";
        morph.enqueue(Reply.json(200, TestApi.JSON.writeValueAsString(Map.of("id", "c1", "object", "chat.completion",
                "model", "morph-v3-fast", "choices", java.util.List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", merged)))))));

        TestApi.Response r = api.post("/v1/chat/completions",
                MorphApiTest.request("morph-v3-fast", MorphApiTest.AMBIGUOUS_CODE, MorphApiTest.AMBIGUOUS_UPDATE));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("engine").asString()).isEqualTo("morph");
        assertThat(r.header("X-Apply-Engine")).isEqualTo("morph");
        assertThat(r.json().at("/choices/0/message/content").asString()).isEqualTo(merged);
        FakeLlmServer.Recorded sent = morph.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + MORPH_KEY);
        JsonNode body = sent.json();
        assertThat(body.get("model").asString()).isEqualTo("morph-v3-fast");
        assertThat(body.at("/messages/0/content").asString())
                .contains("<code>" + MorphApiTest.AMBIGUOUS_CODE + "</code>")
                .contains("<update>" + MorphApiTest.AMBIGUOUS_UPDATE + "</update>");
    }

    @Test
    void whenMorphFailsTheAnswerIsA502NamingTheStatusNeverTheKey() {
        morph.enqueue(Reply.json(503, "{\"error\":{\"message\":\"overloaded, key " + MORPH_KEY + "\"}}"));

        TestApi.Response r = api.post("/v1/chat/completions",
                MorphApiTest.request("auto", MorphApiTest.AMBIGUOUS_CODE, MorphApiTest.AMBIGUOUS_UPDATE));

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        assertThat(r.json().get("code").asString()).isEqualTo("morph_error");
        assertThat(r.json().get("message").asString()).contains("503").doesNotContain(MORPH_KEY);
        assertThat(morph.lastRequest().json().get("model").asString()).isEqualTo("morph-v3-large");
    }
}
