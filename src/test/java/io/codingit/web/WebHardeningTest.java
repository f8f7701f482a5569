package io.codingit.web;

import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class WebHardeningTest {
    @LocalServerPort
    int port;
    TestApi api;

    @BeforeEach
    void setUp() {
        api = new TestApi(port);
    }

    @Test
    void securityHeadersAreOnEveryResponse() {
        for (TestApi.Response r : new TestApi.Response[]{api.get("/api/health"), api.get("/api/files"),
                api.get("/no/such/page"), api.get("/test-web/boom")}) {
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("X-XSS-Protection")).isEqualTo("1; mode=block");
            assertThat(r.header("Content-Security-Policy")).contains("default-src 'self'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(r.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
            assertThat(r.header("X-Request-Id")).isNotBlank();
            // plain HTTP from an untrusted peer: no HSTS
            assertThat(r.header("Strict-Transport-Security")).isNull();
        }
    }

    @Test
    void untrustedPeerCannotClaimHttps() {
        TestApi.Response r = api.withHeader("X-Forwarded-Proto", "https").get("/api/health");
        assertThat(r.header("Strict-Transport-Security")).isNull();
    }

    @Test
    void protectedApiRouteWithoutCredentialsIsJson401() {
        TestApi.Response r = api.get("/api/files");
        assertThat(r.status()).isEqualTo(401);
        assertErrorBody(r, "Authentication required");
    }

    @Test
    void unknownRouteIsJson404() {
        TestApi.Response r = api.get("/no/such/page");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").asBoolean()).isTrue();
    }

    @Test
    void wrongMethodIs405Json() {
        TestApi.Response r = api.send("DELETE", "/test-web/echo", null);
        assertThat(r.status()).isEqualTo(405);
        assertErrorBody(r, "DELETE");
    }

    @Test
    void wrongContentTypeIs415Json() {
        TestApi.Response r = api.withHeader("Content-Type", "text/plain").post("/test-web/echo", "name=x");
        assertThat(r.status()).isEqualTo(415);
        assertErrorBody(r, "application/json");
    }

    @Test
    void malformedJsonIs400() {
        TestApi.Response r = api.post("/test-web/echo", "{\"name\": \"a\", ");
        assertThat(r.status()).isEqualTo(400);
        assertErrorBody(r, "Malformed JSON");
    }

    @Test
    void wrongTypeNamesTheField() {
        TestApi.Response r = api.post("/test-web/echo", "{\"name\": \"a\", \"count\": \"many\"}");
        assertThat(r.status()).isEqualTo(400);
        assertErrorBody(r, "count");
    }

    @Test
    void missingFieldNamesTheField() {
        TestApi.Response r = api.post("/test-web/echo", "{\"name\": \"a\"}");
        assertThat(r.status()).isEqualTo(400);
        assertErrorBody(r, "count");
    }

    @Test
    void emptyBodyIs400() {
        TestApi.Response r = api.post("/test-web/echo", "");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asBoolean()).isTrue();
    }

    @Test
    void forcedInternalErrorShowsOnlyTheGenericMessage() {
        TestApi.Response r = api.get("/test-web/boom");
        assertThat(r.status()).isEqualTo(500);
        assertErrorBody(r, "Internal server error");
        assertThat(r.body()).doesNotContain("SELECT", "s3cr3t", "IllegalStateException", "io.codingit", "at ");
        assertThat(r.json().has("detail")).isFalse();
    }

    @Test
    void wellFormedRequestIdIsEchoedAndLogged() {
        TestApi.Response r = api.withHeader("X-Request-Id", "client-req-12345678").get("/test-web/log");
        assertThat(r.header("X-Request-Id")).isEqualTo("client-req-12345678");
        assertThat(r.json().get("requestId").asString()).isEqualTo("client-req-12345678");
    }

    @Test
    void malformedRequestIdIsReplaced() {
        TestApi.Response r = api.withHeader("X-Request-Id", "bad id\twith spaces").get("/test-web/log");
        assertThat(r.header("X-Request-Id")).isNotEqualTo("bad id\twith spaces").matches("[0-9a-f-]{36}");
        assertThat(r.json().get("requestId").asString()).isEqualTo(r.header("X-Request-Id"));
    }

    @Test
    void bodyOverLimitByContentLengthIs413() throws Exception {
        String response = rawRequest("POST /test-web/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (11L * 1024 * 1024) + "\r\nConnection: close\r\n\r\n{\"name\":");
        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).contains("\"error\":true").contains("exceeds the limit");
    }

    @Test
    void chunkedBodyOverLimitIs413() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /test-web/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'a');
            out.write("9\r\n{\"name\":\"\r\n".getBytes(StandardCharsets.US_ASCII));
            String response;
            try {
                for (int i = 0; i < 200; i++) { // 12.5 MiB in total, over the 10 MiB limit
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException serverClosedEarly) {
                // the server may answer and close before the whole body is sent
            }
            socket.setSoTimeout(10_000);
            response = readResponse(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).contains("\"error\":true");
        }
    }

    private String rawRequest(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            return readResponse(socket.getInputStream());
        }
    }

    /**
     * Reads until the end of the JSON error body: the server answers at once, but keeps the
     * connection open while it discards what the client is still sending.
     */
    private static String readResponse(InputStream in) throws java.io.IOException {
        StringBuilder out = new StringBuilder();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            if (out.indexOf("\"code\"") > 0 && out.indexOf("}", out.indexOf("\"code\"")) > 0) {
                break;
            }
        }
        return out.toString();
    }

    static void assertErrorBody(TestApi.Response r, String messageContains) {
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode json = r.json();
        assertThat(json.get("error").asBoolean()).isTrue();
        assertThat(json.get("message").asString()).contains(messageContains);
    }
}
