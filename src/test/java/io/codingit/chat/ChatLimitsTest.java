package io.codingit.chat;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
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
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The llm budget (only without an own key) and the upstream's fate when the client hangs up. */
@ChatTest
class ChatLimitsTest {
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
        for (String provider : List.of("groq", "ollama")) {
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

    @Test
    void clientDisconnectClosesTheUpstreamConnectionWithinASecond() throws Exception {
        // An endless generation: the object opens, then the commentary grows forever.
        Reply reply = upstream.enqueue(Reply.of(200, "text/event-stream", List.of(Wire.openAiChunk("{\"commentary\":\"")))
                .thenRepeatUntilClosed(Wire.openAiChunk("more ")));

        try (Socket socket = chat.openRaw(ChatClient.body("openai", "gpt-test", ChatClient.ownKey(upstream, "k")), "*/*")) {
            InputStream in = socket.getInputStream();
            ChatClient.readUntil(in, "more");
        }

        assertThat(reply.awaitClientGone(1, TimeUnit.SECONDS))
                .as("the fake upstream saw its connection closed within a second of the client hanging up").isTrue();
    }

    @Test
    void aClientThatStopsReadingHoldsBackOnlyItsOwnUpstreamWhileOtherStreamsFlow() throws Exception {
        // Stream A: ~44 MB of generation, far more than the socket buffers on the way, and a client that reads nothing.
        List<String> huge = new ArrayList<>();
        huge.add(Wire.openAiChunk("{\"commentary\":\""));
        String kilobyte = "x".repeat(1024);
        for (int i = 0; i < 40_000; i++) {
            huge.add(Wire.openAiChunk(kilobyte));
        }
        Reply slowOnes = upstream.enqueue(Reply.of(200, "text/event-stream", huge));
        Map<String, Object> body = ChatClient.body("openai", "gpt-test", ChatClient.ownKey(upstream, "k"));
        try (Socket slow = chat.openRaw(body, "*/*", 4096)) {
            int held = awaitNoProgress(slowOnes);
            assertThat(held).as("the upstream of the client that reads nothing is held back, not read into memory")
                    .isGreaterThan(0).isLessThan(huge.size());

            // Stream B, meanwhile, over the same shared HTTP client to the same upstream host: arrives incrementally and whole.
            List<String> chunks = Wire.openAi(Wire.pieces(ChatClient.MODEL_OUTPUT, 7));
            Reply other = upstream.enqueue(Reply.of(200, "text/event-stream", chunks).pauseBefore(chunks.size() / 2));
            try (Socket socket = chat.openRaw(body, "*/*")) {
                InputStream in = socket.getInputStream();
                String firstPart = ChatClient.readUntil(in, "{\"co");
                other.proceed();
                String text = ChatClient.dechunk(firstPart + new String(in.readAllBytes(), StandardCharsets.UTF_8));
                assertThat(text).isEqualTo(ChatClient.FRAGMENT);
            }
            assertThat(slowOnes.chunksWritten()).as("A is still held back").isLessThan(huge.size());
        }
        assertThat(slowOnes.awaitClientGone(5, TimeUnit.SECONDS))
                .as("when the slow client hangs up, its upstream connection is closed").isTrue();
    }

    /** Waits until the fake upstream has written no further chunk for a second; returns how many it wrote. */
    private static int awaitNoProgress(Reply reply) throws InterruptedException {
        int last = -1;
        for (int i = 0; i < 60; i++) {
            int now = reply.chunksWritten();
            if (now == last && now > 0) {
                return now;
            }
            last = now;
            Thread.sleep(1000);
        }
        return reply.chunksWritten();
    }

    @Test
    void withoutAnOwnKeyTheLlmBudgetApplies() {
        Map<String, Object> config = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(List.of(ChatClient.FRAGMENT))));
            assertThat(chat.post(ChatClient.body("groq", "llama-test", config)).status()).isEqualTo(200);
        }

        TestApi.Response refused = chat.post(ChatClient.body("groq", "llama-test", config));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("message").asString()).isEqualTo("You have reached your request limit for the day.");
        assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("X-RateLimit-Reset")).isNotBlank();
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(upstream.requests()).hasSize(3);
    }

    /** The caller's own key to the caller's own endpoint (not the operator's groq endpoint) costs the server nothing. */
    @Test
    void withAnOwnKeyOnlyTheGeneralBudgetApplies() {
        Map<String, Object> config = ChatClient.ownKey(upstream, "gsk-own");
        config.put("baseURL", upstream.baseUrl() + "/callers-own");
        for (int i = 0; i < 5; i++) {
            upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(List.of(ChatClient.FRAGMENT))));
            TestApi.Response response = chat.post(ChatClient.body("groq", "llama-test", config));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.header("X-RateLimit-Limit")).as("the general budget's header").isEqualTo("100");
        }
        assertThat(upstream.requests()).hasSize(5)
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer gsk-own"));
    }

    /** Finding 5: a key sent with a provider that needs none does not make the server's Ollama the caller's. */
    @Test
    void anyApiKeyOnTheServersOllamaStillDrawsFromTheLlmBudget() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiKey", "x");
        for (int i = 0; i < 3; i++) {
            upstream.enqueue(Reply.of(200, "application/x-ndjson", Wire.ollama(List.of(ChatClient.FRAGMENT))));
            assertThat(chat.post(ChatClient.body("ollama", "llama-test", config)).status()).isEqualTo(200);
        }

        TestApi.Response refused = chat.post(ChatClient.body("ollama", "llama-test", config));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(upstream.requests()).hasSize(3);
    }

    /** Finding 5: the caller's own key sent to the operator's endpoint still uses the server's endpoint. */
    @Test
    void anOwnKeyToTheOperatorsEndpointDrawsFromTheLlmBudget() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiKey", "gsk-own");
        for (int i = 0; i < 3; i++) {
            upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(List.of(ChatClient.FRAGMENT))));
            assertThat(chat.post(ChatClient.body("groq", "llama-test", config)).status()).isEqualTo(200);
        }

        assertThat(chat.post(ChatClient.body("groq", "llama-test", config)).status()).isEqualTo(429);
        assertThat(upstream.requests()).hasSize(3).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer gsk-own"));
    }
}
