package io.codingit.morph.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.codingit.morph.EditLimits;
import io.codingit.morph.RemoteApplyException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Morph cloud client against a fake OpenAI-compatible server on 127.0.0.1. */
class MorphCloudClientTest {

    private static final String KEY = "sk-morph-test-key-123";

    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicReference<String> requestBody = new AtomicReference<>();
    private final AtomicReference<String> requestPath = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private volatile int status = 200;
    private volatile String answer;
    private HttpServer server;

    @BeforeEach
    void startFakeMorph() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requestPath.set(exchange.getRequestURI().getPath());
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            requestBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopFakeMorph() {
        server.stop(0);
    }

    private MorphCloudClient client() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
        return new MorphCloudClient(base, KEY, "morph-v3-large", Duration.ofSeconds(5), HttpClient.newHttpClient(), json,
                EditLimits.DEFAULT);
    }

    @Test
    void sendsTheMorphPromptAndReturnsTheMergedCode() {
        answer = """
                {"id":"c1","object":"chat.completion","model":"morph-v3-large",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"const a = 2;\\n"},"finish_reason":"stop"}]}
                """;
        String merged = client().apply("Change a to 2", "const a = 1;\n", "const a = 2;\n").merged();

        assertThat(merged).isEqualTo("const a = 2;\n");
        assertThat(requestPath.get()).isEqualTo("/v1/chat/completions");
        assertThat(authorization.get()).isEqualTo("Bearer " + KEY);
        JsonNode body = json.readTree(requestBody.get());
        assertThat(body.path("model").stringValue()).isEqualTo("morph-v3-large");
        assertThat(body.path("messages").path(0).path("role").stringValue()).isEqualTo("user");
        assertThat(body.path("messages").path(0).path("content").stringValue()).isEqualTo(
                "<instruction>Change a to 2</instruction>\n<code>const a = 1;\n</code>\n<update>const a = 2;\n</update>");
    }

    @Test
    void errorStatusBecomesARemoteApplyExceptionWithoutTheKeyOrBody() {
        status = 401;
        answer = "{\"error\":{\"message\":\"invalid key " + KEY + "\"}}";
        assertThatThrownBy(() -> client().apply("i", "a\n", "b\n"))
                .isInstanceOfSatisfying(RemoteApplyException.class, error -> {
                    assertThat(error.upstreamStatus()).isEqualTo(401);
                    assertThat(error.getMessage()).contains("401").doesNotContain(KEY).doesNotContain("invalid key");
                });
    }

    @Test
    void answerWithoutContentIsAnError() {
        answer = "{\"choices\":[]}";
        assertThatThrownBy(() -> client().apply("i", "a\n", "b\n"))
                .isInstanceOf(RemoteApplyException.class).hasMessageContaining("without code");
    }

    @Test
    void unreachableServerIsAnError() {
        server.stop(0);
        assertThatThrownBy(() -> client().apply("i", "a\n", "b\n"))
                .isInstanceOfSatisfying(RemoteApplyException.class, error -> assertThat(error.upstreamStatus()).isZero());
    }
}
