package io.codingit.auth;

import io.codingit.support.IntegrationTest;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing is throttled per account (5 failures per 15 minutes by default) and per client
 * address (20). Each test speaks from its own random loopback address, so the budgets of one test
 * (or of other test classes in the same server) never leak into another.
 */
@IntegrationTest
class LoginThrottleTest {
    @LocalServerPort
    int port;
    TestApi api;

    @BeforeEach
    void client() {
        api = new TestApi(port);
    }

    private static Map<String, String> credentials(String email, String password) {
        return Map.of("email", email, "password", password);
    }

    @Test
    void theSixthFailureOnOneAccountIs429WithRetryAfterEvenWithTheRightPassword() {
        SignedUpUser user = TestUsers.signUp(api);
        FromAddress attacker = FromAddress.random(port);
        for (int i = 0; i < 5; i++) {
            assertThat(attacker.post("/api/auth/login", credentials(user.email(), "wrong-" + i)).status())
                    .isEqualTo(401);
        }
        FromAddress.Response locked = attacker.post("/api/auth/login", credentials(user.email(), "wrong-5"));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(Long.parseLong(locked.headers().get("retry-after"))).isBetween(1L, 15 * 60L);
        JsonNode body = TestApi.JSON.readTree(locked.body());
        assertThat(body.get("error").asBoolean()).isTrue();
        assertThat(body.get("code").asString()).isEqualTo("rate_limited");

        // the account budget is per account, not per address: another address is refused too
        FromAddress owner = FromAddress.random(port);
        assertThat(owner.post("/api/auth/login", credentials(user.email(), user.password())).status())
                .isEqualTo(429);
    }

    @Test
    void theTwentyFirstFailureFromOneAddressIs429AcrossAccounts() {
        FromAddress stuffer = FromAddress.random(port);
        for (int i = 0; i < 20; i++) {
            String email = "victim-" + UUID.randomUUID() + "@example.test";
            assertThat(stuffer.post("/api/auth/login", credentials(email, "hunter22")).status()).isEqualTo(401);
        }
        SignedUpUser real = TestUsers.signUp(api);
        FromAddress.Response blocked = stuffer.post("/api/auth/login", credentials(real.email(), real.password()));
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.headers()).containsKey("retry-after");

        // the same account from another address is fine: only the stuffing address is blocked
        assertThat(FromAddress.random(port).post("/api/auth/login", credentials(real.email(), real.password()))
                .status()).isEqualTo(200);
    }

    @Test
    void successfulLoginsDoNotCountAgainstTheBudgets() {
        SignedUpUser user = TestUsers.signUp(api);
        FromAddress client = FromAddress.random(port);
        for (int i = 0; i < 25; i++) {
            assertThat(client.post("/api/auth/login", credentials(user.email(), user.password())).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aSuccessfulLoginClearsTheAccountsFailures() {
        SignedUpUser user = TestUsers.signUp(api);
        FromAddress client = FromAddress.random(port);
        for (int i = 0; i < 4; i++) {
            client.post("/api/auth/login", credentials(user.email(), "typo-" + i));
        }
        assertThat(client.post("/api/auth/login", credentials(user.email(), user.password())).status()).isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            assertThat(client.post("/api/auth/login", credentials(user.email(), "typo-again-" + i)).status())
                    .isEqualTo(401);
        }
    }
}
