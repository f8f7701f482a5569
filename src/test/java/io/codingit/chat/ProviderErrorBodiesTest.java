package io.codingit.chat;

import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.ServerSettings;
import io.codingit.support.TestApi;
import io.codingit.support.TestRedis;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error bodies OpenAI, Anthropic and Gemini really send for a context that is too long, a spent
 * quota and a rate limit, each mapped to what the caller can do about it: a context-length error is
 * the caller's input (400 with the provider's reason, however it is worded, "limit" included), a
 * spent quota does not heal by waiting (402 on the caller's key), a rate limit does (429). And a
 * provider that cannot be reached is 503, not 500.
 */
@ChatTest
@ExtendWith(OutputCaptureExtension.class)
class ProviderErrorBodiesTest {
    static final FakeLlmServer upstream = new FakeLlmServer();

    @LocalServerPort
    int port;
    @Autowired
    ConfigurableEnvironment environment;
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

    static Stream<Arguments> realErrorBodies() {
        return Stream.of(
                Arguments.of("openai", 400, """
                        {"error":{"message":"This model's maximum context length is 8192 tokens. However, your messages resulted in 9013 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""",
                        400, "context_length_exceeded", "maximum context length is 8192 tokens"),
                Arguments.of("openai", 429, """
                        {"error":{"message":"You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""",
                        402, "provider_quota_exceeded", "quota or credit"),
                Arguments.of("openai", 429, """
                        {"error":{"message":"Rate limit reached for gpt-4o in organization org-AbCdEf on tokens per min (TPM): Limit 30000, Used 29500, Requested 1200. Please try again in 1.4s. Visit https://platform.openai.com/account/rate-limits to learn more.","type":"tokens","param":null,"code":"rate_limit_exceeded"}}""",
                        429, "provider_rate_limited", "request limit"),
                // an OpenAI-compatible server wording its context error with "limit": still the caller's input
                Arguments.of("openai", 400, """
                        {"error":{"message":"Input exceeds the model's token limit: the context window is 4096 tokens","type":"invalid_request_error"}}""",
                        400, "context_length_exceeded", "context window is 4096 tokens"),
                Arguments.of("anthropic", 400, """
                        {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 208310 tokens > 200000 maximum"}}""",
                        400, "context_length_exceeded", "prompt is too long: 208310 tokens > 200000 maximum"),
                Arguments.of("anthropic", 400, """
                        {"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."}}""",
                        402, "provider_quota_exceeded", "quota or credit"),
                Arguments.of("anthropic", 429, """
                        {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization of 50,000 input tokens per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later."}}""",
                        429, "provider_rate_limited", "request limit"),
                Arguments.of("google", 400, """
                        {"error":{"code":400,"message":"The input token count (1228800) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}}""",
                        400, "context_length_exceeded", "exceeds the maximum number of tokens allowed (1048576)"),
                Arguments.of("google", 429, """
                        {"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests","quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier","quotaDimensions":{"location":"global","model":"gemini-2.0-flash"},"quotaValue":"200"}]},{"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Learn more about Gemini API quotas","url":"https://ai.google.dev/gemini-api/docs/rate-limits"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"43s"}]}}""",
                        402, "provider_quota_exceeded", "quota or credit"),
                Arguments.of("google", 429, """
                        {"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests","quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier","quotaDimensions":{"location":"global","model":"gemini-2.0-flash"},"quotaValue":"15"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"17s"}]}}""",
                        429, "provider_rate_limited", "request limit"));
    }

    @ParameterizedTest(name = "{0} {1} → {3} {4}")
    @MethodSource("realErrorBodies")
    void eachProvidersErrorBodyIsMappedToWhatTheCallerCanDo(String provider, int upstreamStatus, String body,
                                                          int expectedStatus, String expectedCode, String messagePart) {
        upstream.enqueue(Reply.json(upstreamStatus, body));

        TestApi.Response response = chat.post(ChatClient.body(provider, "model-test", ChatClient.ownKey(upstream, "sk-own-0123")));

        assertThat(response.status()).as(response.body()).isEqualTo(expectedStatus);
        assertThat(response.json().get("code").asString()).isEqualTo(expectedCode);
        assertThat(response.json().get("message").asString()).contains(messagePart);
        assertThat(response.body()).doesNotContain("sk-own").doesNotContain("https://");
    }

    @Test
    void aSpentQuotaOnTheServersKeyIs503AndTellsTheCallerToBringTheirOwn() {
        upstream.enqueue(Reply.json(429, """
                {"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"""));
        TestApi.Response response;
        // the server's key goes only to the operator's endpoint for the provider: the fake upstream, here
        try (ServerSettings operatorEndpoint = ServerSettings.set(environment,
                Map.of("codingit.llm.base-urls.groq", upstream.baseUrl()))) {
            response = chat.post(ChatClient.body("groq", "llama-test", new LinkedHashMap<>()));
        }

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().get("code").asString()).isEqualTo("provider_quota_exceeded");
        assertThat(response.json().get("message").asString()).endsWith("Try using your own API key.");
    }

    @Test
    void aProviderThatCannotBeReachedIs503() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiKey", "sk-own-0123");
        // the fake upstream's allow-listed host, on a port where nothing listens: the connection is refused
        config.put("baseURL", "http://" + FakeLlmServer.HOST + ":" + TestRedis.closedPort() + "/v1");

        TestApi.Response response = chat.post(ChatClient.body("openai", "model-test", config));

        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.json().get("code").asString()).isEqualTo("provider_unavailable");
    }

    @Test
    void aProviderThatDropsTheConnectionWithoutAnsweringIs502() throws Exception {
        try (ServerSocket dropping = new ServerSocket(0, 50, InetAddress.getByName(FakeLlmServer.HOST))) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!dropping.isClosed()) {
                    try (Socket connection = dropping.accept()) {
                        connection.getInputStream().read(new byte[1024]); // the request starts, then nothing comes back
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("apiKey", "sk-own-0123");
            config.put("baseURL", "http://" + FakeLlmServer.HOST + ":" + dropping.getLocalPort() + "/v1");

            TestApi.Response response = chat.post(ChatClient.body("openai", "model-test", config));

            assertThat(response.status()).as(response.body()).isEqualTo(502);
            assertThat(response.json().get("code").asString()).isEqualTo("provider_bad_gateway");
            assertThat(response.json().get("message").asString()).contains("closed the connection");
            dropping.close();
            acceptor.join(5000);
        }
    }

    /** The console's keyless default: a local Ollama that is not running is a 503 naming the provider and its address. */
    @Test
    void anOllamaThatIsNotRunningIs503NamingTheProviderAndItsAddress(CapturedOutput log) {
        // "localhost", as in the default http://localhost:11434, on a port where nothing listens
        String address = "http://localhost:" + TestRedis.closedPort();
        TestApi.Response response;
        try (ServerSettings notRunning = ServerSettings.set(environment, Map.of("codingit.llm.base-urls.ollama", address))) {
            response = chat.post(ChatClient.body("ollama", "llama3.1", new LinkedHashMap<>()));
        }

        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.json().get("code").asString()).isEqualTo("provider_unavailable");
        assertThat(response.json().get("message").asString()).contains("ollama").contains(address);
        // the server's log has the answer once, with the request id the client saw
        String requestId = response.header("X-Request-Id");
        assertThat(log.getOut().lines().filter(l -> l.contains("[" + requestId + "]") && l.contains("answered 503"))
                .toList()).hasSize(1);
    }
}
