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
                .allSatisfy(c -> assertThat(c).startsWith("__Host-codingit_").contains("Secure", "HttpOnly", "SameSite=Lax",
                        "Path=/;").doesNotContainIgnoringCase("Domain="));
    }

    /**
     * Security finding 9: over HTTPS only the {@code __Host-} cookies (which no sibling domain can set) count; a
     * plain-named cookie planted for the parent domain is ignored, and a second cookie of the same name is refused.
     */
    @Test
    void overHttpsOnlyHostPrefixedCookiesCountAndDuplicatesAreRefused() {
        TestApi https = new TestApi(port).withHeader("X-Forwarded-Proto", "https");
        SignedUpUser victim = TestUsers.signUp(new TestApi(port));
        SignedUpUser attacker = TestUsers.signUp(new TestApi(port));

        assertThat(https.withHeader("Cookie", "__Host-codingit_access=" + victim.accessToken()).get("/api/auth/me").json()
                .get("id").asString()).isEqualTo(victim.id());
        assertThat(https.withHeader("Cookie", "codingit_access=" + attacker.accessToken()).get("/api/auth/me").status())
                .as("a tossed plain-named cookie is not read over HTTPS").isEqualTo(401);

        TestApi.Response twice = https.withHeader("Cookie", "__Host-codingit_access=" + attacker.accessToken()
                + "; __Host-codingit_access=" + victim.accessToken()).get("/api/auth/me");
        assertThat(twice.status()).isEqualTo(401);
        assertThat(twice.json().get("message").asString()).contains("more than once");

        TestApi.Response refreshTwice = https.withHeader("Cookie", "__Host-codingit_refresh=a; __Host-codingit_refresh=b")
                .post("/api/auth/refresh", null);
        assertThat(refreshTwice.status()).isEqualTo(401);
        assertThat(refreshTwice.json().get("message").asString()).contains("more than once");
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
