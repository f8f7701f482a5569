package io.codingit.chat;

import io.codingit.support.ServerSettings;
import io.codingit.support.TestApi;
import io.codingit.support.TestRedis;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/models} and {@code GET /api/templates}. */
@ChatTest
class CatalogsTest {
    @LocalServerPort
    int port;
    @Autowired
    ConfigurableEnvironment environment;
    TestApi api;

    @BeforeEach
    void signUp() {
        api = new TestApi(port);
        api = api.as(TestUsers.signUp(api).accessToken());
    }

    @Test
    void modelsAreMarkedConfiguredWhenTheServerHoldsTheirKey() {
        TestApi.Response response;
        // no Ollama listens there: its models are not offered as available
        try (ServerSettings stopped = ServerSettings.set(environment,
                Map.of("codingit.llm.base-urls.ollama", "http://localhost:" + TestRedis.closedPort()))) {
            response = api.get("/api/models");
        }

        assertThat(response.status()).isEqualTo(200);
        JsonNode models = response.json().get("models");
        assertThat(models.size()).isGreaterThan(10);
        assertThat(models.findValuesAsString("providerId")).as("every provider has a model").contains(
                "openai", "anthropic", "google", "vertex", "mistral", "groq", "togetherai", "fireworks", "xai",
                "deepseek", "openrouter", "ollama");
        for (JsonNode model : models) {
            assertThat(model.has("id") && model.has("name") && model.has("provider") && model.has("multiModal")).isTrue();
            String provider = model.get("providerId").asString();
            // this context holds GROQ_API_KEY only; Ollama needs no key but is not running
            boolean expected = provider.equals("groq");
            assertThat(model.get("configured").asBoolean()).as(model.get("id").asString()).isEqualTo(expected);
            if (provider.equals("ollama")) {
                assertThat(model.get("unavailable").asString()).startsWith("not running at http://localhost:");
            } else if (!expected) {
                assertThat(model.get("unavailable").asString()).isEqualTo("needs a key");
            }
        }
    }

    @Test
    void anOllamaThatAcceptsConnectionsIsAvailableWithoutAKey() throws Exception {
        try (ServerSocket ollama = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSettings running = ServerSettings.set(environment,
                     Map.of("codingit.llm.base-urls.ollama", "http://127.0.0.1:" + ollama.getLocalPort()))) {
            for (JsonNode model : api.get("/api/models").json().get("models")) {
                if (model.get("providerId").asString().equals("ollama")) {
                    assertThat(model.get("configured").asBoolean()).isTrue();
                }
            }
        }
    }

    @Test
    void templatesIncludeTheFiveOfTheContractEachWithInstructions() {
        TestApi.Response response = api.get("/api/templates");

        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode template : response.json().get("templates")) {
            ids.add(template.get("id").asString());
            assertThat(template.get("name").asString()).isNotBlank();
            assertThat(template.get("file").asString()).isNotBlank();
            assertThat(template.get("instructions").asString()).isNotBlank();
            assertThat(template.get("libraries").size()).isPositive();
            assertThat(template.has("port")).isTrue();
            assertThat(template.get("ready").isBoolean()).isTrue();
            assertThat(template.get("state").asString()).matches(
                    "ready|prepared on first use \\(about \\d+ s\\)|being prepared.*|not available on this server: .+")
                    .doesNotContain("Exception");
            if (template.get("id").asString().equals("code-interpreter-v1")) {
                assertThat(template.get("state").asString()).isEqualTo("ready");
            }
        }
        assertThat(ids).containsSubsequence("code-interpreter-v1", "nextjs-developer", "vue-developer",
                "streamlit-developer", "gradio-developer");
    }

    @Test
    void catalogsNeedAnAccount() {
        assertThat(new TestApi(port).get("/api/models").status()).isEqualTo(401);
        assertThat(new TestApi(port).get("/api/templates").status()).isEqualTo(401);
    }
}
