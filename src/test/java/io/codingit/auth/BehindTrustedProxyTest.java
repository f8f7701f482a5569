package io.codingit.auth;

import io.codingit.support.IntegrationTest;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a trusted proxy (loopback here; same context as TrustedProxyHeadersTest): cookies become
 * Secure when the proxy says the client used HTTPS, and login throttling keys on the forwarded client.
 */
@IntegrationTest
@TestPropertySource(properties = "codingit.trusted-proxies=127.0.0.1")
class BehindTrustedProxyTest {
    @LocalServerPort
    int port;

    @Test
    void sessionCookiesAreSecureWhenTheClientUsedHttps() {
        TestApi.Response r = new TestApi(port).withHeader("X-Forwarded-Proto", "https").post("/api/auth/signup",
                Map.of("email", "s-" + UUID.randomUUID() + "@example.test", "password", "correct horse battery"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers().allValues("Set-Cookie")).hasSize(2)
                .allSatisfy(c -> assertThat(c).contains("Secure", "HttpOnly", "SameSite=Lax"));
    }

    @Test
    void loginThrottlingCountsPerForwardedClient() {
        TestApi api = new TestApi(port);
        SignedUpUser user = TestUsers.signUp(api);
        // documentation addresses (RFC 5737): only header text, no packet goes there
        TestApi stuffer = api.withHeader("X-Forwarded-For", "198.51.100.23");
        for (int i = 0; i < 20; i++) {
            assertThat(stuffer.post("/api/auth/login",
                    Map.of("email", "v-" + UUID.randomUUID() + "@example.test", "password", "hunter22")).status())
                    .isEqualTo(401);
        }
        Map<String, String> right = Map.of("email", user.email(), "password", user.password());
        assertThat(stuffer.post("/api/auth/login", right).status()).isEqualTo(429);
        assertThat(api.withHeader("X-Forwarded-For", "198.51.100.24").post("/api/auth/login", right).status())
                .isEqualTo(200);
    }
}
