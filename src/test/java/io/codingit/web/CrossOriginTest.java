package io.codingit.web;

import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CORS with a configured origin: a browser client on that origin may send what the API and MCP need and read
 * the headers they answer; any other origin is refused. (Same properties as {@link TrustedProxyHeadersTest}, so
 * both share one server.)
 */
@IntegrationTest
@TestPropertySource(properties = {"codingit.trusted-proxies=127.0.0.1", CrossOriginTest.ALLOWED_ORIGIN_PROPERTY})
class CrossOriginTest {
    static final String ORIGIN = "https://console.example";
    static final String ALLOWED_ORIGIN_PROPERTY = "codingit.cors.allowed-origins=" + ORIGIN;
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"browser","version":"1"}}}""";

    @LocalServerPort
    int port;

    @Test
    void aPreflightForAnMcpMessageAllowsTheSessionHeaders() {
        TestApi.Response preflight = new TestApi(port).withHeader("Origin", ORIGIN)
                .withHeader("Access-Control-Request-Method", "POST")
                .withHeader("Access-Control-Request-Headers", "authorization,content-type,mcp-session-id,mcp-protocol-version")
                .send("OPTIONS", "/mcp", null);
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
        assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase())
                .contains("mcp-session-id", "mcp-protocol-version", "authorization");
    }

    @Test
    void theSessionIdThatInitializeAnswersIsReadableFromTheAllowedOrigin() {
        String token = TestUsers.signUp(new TestApi(port)).accessToken();
        TestApi.Response init = new TestApi(port).as(token).withHeader("Origin", ORIGIN)
                .withHeader("Accept", "application/json, text/event-stream").post("/mcp", INITIALIZE);
        assertThat(init.status()).isEqualTo(200);
        assertThat(init.header("Mcp-Session-Id")).isNotBlank();
        assertThat(init.header("Access-Control-Expose-Headers")).contains("Mcp-Session-Id");
    }

    @Test
    void anotherOriginIsRefused() {
        TestApi.Response preflight = new TestApi(port).withHeader("Origin", "https://evil.example")
                .withHeader("Access-Control-Request-Method", "POST")
                .withHeader("Access-Control-Request-Headers", "mcp-session-id")
                .send("OPTIONS", "/mcp", null);
        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }
}
