package io.codingit.llm;

import io.codingit.chat.ChatTest;
import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire;
import io.codingit.support.ServerSettings;
import io.codingit.support.TestApi;
import io.codingit.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.ConfigurableEnvironment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model relay of the CLI agents (security finding 2) over real HTTP: a grant's token in the provider's own
 * header is swapped for the server's key on the way to the server's endpoint; nothing else gets through, the
 * key never comes back, and each model call draws from the grant's user's llm budget (3 in this context).
 */
@ChatTest
@ExtendWith(OutputCaptureExtension.class)
class ModelRelayTest {
    static final FakeLlmServer provider = new FakeLlmServer();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    LlmRelay relay;
    @Autowired
    ConfigurableEnvironment environment;
    ServerSettings settings;

    @BeforeEach
    void operator() {
        provider.reset();
        settings = ServerSettings.set(environment, Map.of("OPENAI_API_KEY", "sk-server-relay-secret",
                "ANTHROPIC_API_KEY", "sk-ant-server-relay-secret",
                "codingit.llm.base-urls.openai", provider.baseUrl() + "/v1",
                "codingit.llm.base-urls.anthropic", provider.baseUrl() + "/v1"));
    }

    @AfterEach
    void close() {
        settings.close();
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @Test
    void theTokenIsSwappedForTheServersKeyInEachProvidersOwnHeader() throws Exception {
        provider.enqueue(Reply.json(200, Wire.openAiAnswer("hi")));
        provider.enqueue(Reply.json(200, "{\"content\":[]}"));
        try (LlmRelay.Grant grant = relay.open(user(), List.of(LlmProvider.OPENAI, LlmProvider.ANTHROPIC), Duration.ofMinutes(5))) {
            Map<String, String> env = grant.environment("127.0.0.1");
            assertThat(env).containsEntry("OPENAI_API_KEY", grant.token()).containsEntry("ANTHROPIC_API_KEY", grant.token())
                    .containsEntry("OPENAI_BASE_URL", "http://127.0.0.1:" + relay.port() + "/openai")
                    .doesNotContainValue("sk-server-relay-secret");

            HttpResponse<String> openai = post(env.get("OPENAI_BASE_URL") + "/chat/completions?stream=false",
                    "Authorization", "Bearer " + grant.token());
            HttpResponse<String> anthropic = post(env.get("ANTHROPIC_BASE_URL") + "/v1/messages", "x-api-key", grant.token());

            assertThat(openai.statusCode()).isEqualTo(200);
            assertThat(openai.body()).contains("hi");
            assertThat(anthropic.statusCode()).isEqualTo(200);
        }
        assertThat(provider.requests()).hasSize(2);
        FakeLlmServer.Recorded first = provider.requests().get(0);
        assertThat(first.path()).isEqualTo("/v1/chat/completions");
        assertThat(first.query()).isEqualTo("stream=false");
        assertThat(first.header("Authorization")).isEqualTo("Bearer sk-server-relay-secret");
        FakeLlmServer.Recorded second = provider.requests().get(1);
        assertThat(second.path()).as("the version segment is not doubled").isEqualTo("/v1/messages");
        assertThat(second.header("x-api-key")).isEqualTo("sk-ant-server-relay-secret");
        assertThat(second.header("Authorization")).isNull();
    }

    @Test
    void withoutALiveGrantForTheProviderNothingIsForwarded() throws Exception {
        String base = "http://127.0.0.1:" + relay.port();
        LlmRelay.Grant grant = relay.open(user(), List.of(LlmProvider.OPENAI), Duration.ofMinutes(5));
        LlmRelay.Grant expired = relay.open(user(), List.of(LlmProvider.OPENAI), Duration.ZERO);

        assertThat(post(base + "/openai/chat/completions", "Authorization", "Bearer sk-server-relay-secret").statusCode()).isEqualTo(401);
        assertThat(post(base + "/openai/chat/completions", "Authorization", "Bearer cit-relay-made-up").statusCode()).isEqualTo(401);
        assertThat(post(base + "/openai/chat/completions", "Authorization", "Bearer " + expired.token()).statusCode()).isEqualTo(401);
        assertThat(post(base + "/anthropic/v1/messages", "x-api-key", grant.token()).statusCode()).as("not granted").isEqualTo(404);
        assertThat(post(base + "/ollama/api/chat", "Authorization", "Bearer " + grant.token()).statusCode()).isEqualTo(404);
        grant.close();
        assertThat(post(base + "/openai/chat/completions", "Authorization", "Bearer " + grant.token()).statusCode())
                .as("revoked when the task ends").isEqualTo(401);
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void eachModelCallIsChargedAndTheKeyNeverComesBack() throws Exception {
        provider.enqueue(Reply.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-server-relay-secret\"}}"));
        provider.enqueue(Reply.json(200, Wire.openAiAnswer("2")));
        provider.enqueue(Reply.json(200, Wire.openAiAnswer("3")));
        try (LlmRelay.Grant grant = relay.open(user(), List.of(LlmProvider.OPENAI), Duration.ofMinutes(5))) {
            String url = grant.environment("127.0.0.1").get("OPENAI_BASE_URL") + "/chat/completions";
            HttpResponse<String> refused = post(url, "Authorization", "Bearer " + grant.token());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).doesNotContain("sk-server-relay-secret").contains("***");
            assertThat(post(url, "Authorization", "Bearer " + grant.token()).statusCode()).isEqualTo(200);
            assertThat(post(url, "Authorization", "Bearer " + grant.token()).statusCode()).isEqualTo(200);

            HttpResponse<String> spent = post(url, "Authorization", "Bearer " + grant.token());
            assertThat(spent.statusCode()).isEqualTo(429);
            assertThat(spent.headers().firstValue("Retry-After")).isPresent();
        }
        assertThat(provider.requests()).hasSize(3);
    }

    /**
     * A provider the relay cannot reach: a 502 that names the provider, its endpoint and why, logged once
     * with the request id (issue 24: every 5xx is logged with its request id and cause).
     */
    @Test
    void anUnreachableProviderIs502NamingItsEndpointAndTheCauseAndIsLoggedOnce(CapturedOutput log) throws Exception {
        String closed = "http://127.0.0.1:" + TestRedis.closedPort() + "/v1";
        String requestId = "relay-req-" + UUID.randomUUID();
        HttpResponse<String> r;
        try (ServerSettings down = ServerSettings.set(environment, Map.of("codingit.llm.base-urls.openai", closed));
             LlmRelay.Grant grant = relay.open(user(), List.of(LlmProvider.OPENAI), Duration.ofMinutes(5))) {
            r = HTTP.send(HttpRequest.newBuilder(URI.create(grant.environment("127.0.0.1").get("OPENAI_BASE_URL") + "/chat/completions"))
                    .header("Authorization", "Bearer " + grant.token()).header("Content-Type", "application/json")
                    .header("X-Request-Id", requestId)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\"}")).build(), HttpResponse.BodyHandlers.ofString());
        }

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("X-Request-Id")).hasValue(requestId);
        assertThat(TestApi.JSON.readTree(r.body()).get("error").get("message").asString())
                .isEqualTo("the provider 'openai' at " + closed + " could not be reached: the connection was refused");
        assertThat(r.body()).doesNotContain("sk-server-relay-secret");
        List<String> lines = log.getOut().lines().filter(l -> l.contains("[" + requestId + "]") && l.contains("answered 502")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).contains("(model relay) /openai/chat/completions").contains("cause: java.net.ConnectException")
                .doesNotContain("sk-server-relay-secret");
    }

    private static String user() {
        return "relay-user-" + UUID.randomUUID();
    }

    private static HttpResponse<String> post(String url, String header, String value) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header(header, value).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
