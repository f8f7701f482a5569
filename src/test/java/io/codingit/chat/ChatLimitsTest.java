package io.codingit.chat;

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

    @BeforeEach
    void signUp() {
        upstream.reset();
        TestApi api = new TestApi(port);
        chat = new ChatClient(api, TestUsers.signUp(api).accessToken());
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
    void withoutAnOwnKeyTheLlmBudgetApplies() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("baseURL", upstream.baseUrl());
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

    @Test
    void withAnOwnKeyOnlyTheGeneralBudgetApplies() {
        for (int i = 0; i < 5; i++) {
            upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(List.of(ChatClient.FRAGMENT))));
            TestApi.Response response = chat.post(ChatClient.body("groq", "llama-test", ChatClient.ownKey(upstream, "gsk-own")));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("X-RateLimit-Limit")).as("the general budget's header").isEqualTo("100");
        }
        assertThat(upstream.requests()).hasSize(5)
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer gsk-own"));
    }
}
