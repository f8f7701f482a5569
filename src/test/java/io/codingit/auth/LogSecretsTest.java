package io.codingit.auth;

import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import io.codingit.support.VerboseLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captures everything logged (the root logger at DEBUG, the web, security and our own loggers at
 * TRACE: far more than production logs) during signup, a failed and a successful login, a refresh, the creation
 * and use of an API token and a cookie-authenticated call, and asserts that no password or token
 * appears in it.
 */
@IntegrationTest
class LogSecretsTest {
    @LocalServerPort
    int port;
    @RegisterExtension
    final VerboseLogCapture logs = new VerboseLogCapture();

    @Test
    void noPasswordOrTokenIsEverLogged() {
        TestApi api = new TestApi(port);
        String email = "logs-" + UUID.randomUUID() + "@example.test";
        String password = "Secret-" + UUID.randomUUID();
        String wrongPassword = "Wrong-" + UUID.randomUUID();

        TestApi.Response signup = api.post("/api/auth/signup", Map.of("email", email, "password", password));
        assertThat(signup.status()).isEqualTo(201);
        assertThat(api.post("/api/auth/login", Map.of("email", email, "password", wrongPassword)).status())
                .isEqualTo(401);
        TestApi.Response login = api.post("/api/auth/login", Map.of("email", email, "password", password));
        assertThat(login.status()).isEqualTo(200);
        String accessToken = login.json().get("accessToken").asString();
        String refreshToken = login.json().get("refreshToken").asString();
        TestApi.Response refreshed = api.post("/api/auth/refresh", Map.of("refreshToken", refreshToken));
        assertThat(refreshed.status()).isEqualTo(200);
        TestApi.Response created = api.as(accessToken).post("/api/auth/tokens", Map.of("name", "logging"));
        assertThat(created.status()).isEqualTo(201);
        String apiToken = created.json().get("token").asString();
        assertThat(api.as(apiToken).get("/api/auth/me").status()).isEqualTo(200);
        assertThat(api.withHeader("Cookie", "codingit_access=" + accessToken).get("/api/auth/me").status())
                .isEqualTo(200);
        assertThat(api.as(apiToken + "x").get("/api/auth/me").status()).isEqualTo(401);

        String log = logs.text();
        assertThat(logs.eventCount()).as("the capture itself works").isPositive();
        assertThat(log).contains("/api/auth/login");
        for (String secret : List.of(password, wrongPassword, accessToken, refreshToken,
                signup.json().get("accessToken").asString(), signup.json().get("refreshToken").asString(),
                refreshed.json().get("accessToken").asString(), refreshed.json().get("refreshToken").asString(),
                apiToken, apiToken.substring(4))) {
            assertThat(log).doesNotContain(secret);
        }
    }
}
