package io.codingit.auth;

import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Signup, login, me, refresh rotation and logout over HTTP; run on H2 and PostgreSQL. */
abstract class AuthSessionTests {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    TestApi api;

    @BeforeEach
    void client() {
        api = new TestApi(port);
    }

    static String newEmail() {
        return "u-" + UUID.randomUUID() + "@example.test";
    }

    @Test
    void signupReturnsTheUserAnAccessTokenAndHttpOnlyCookies() {
        String email = newEmail();
        TestApi.Response r = api.post("/api/auth/signup", Map.of("email", email, "password", "correct horse battery"));

        assertThat(r.status()).isEqualTo(201);
        JsonNode body = r.json();
        assertThat(body.get("user").get("id").asString()).matches("[0-9a-f-]{36}");
        assertThat(body.get("user").get("email").asString()).isEqualTo(email);
        assertThat(body.get("user").get("created_at").asString()).isNotBlank();
        assertThat(body.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(body.get("expiresIn").asLong()).isEqualTo(900);
        assertThat(body.get("accessToken").asString()).contains(".");
        List<String> cookies = r.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("codingit_access=")
                .contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Secure"));
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("codingit_refresh=")
                .contains("HttpOnly", "SameSite=Lax", "Path=/api/auth"));
    }

    @Test
    void signupNormalisesTheEmailAndRejectsADuplicateInAnotherCase() {
        String email = newEmail();
        TestApi.Response r = api.post("/api/auth/signup",
                Map.of("email", "  " + email.toUpperCase() + " ", "password", "correct horse battery"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("user").get("email").asString()).isEqualTo(email);

        TestApi.Response again = api.post("/api/auth/signup", Map.of("email", email, "password", "another good one"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asBoolean()).isTrue();
    }

    @Test
    void meAnswersWithBearerTokenAndWithTheAccessCookie() {
        SignedUpUser user = TestUsers.signUp(api);

        TestApi.Response byHeader = api.as(user.accessToken()).get("/api/auth/me");
        assertThat(byHeader.status()).isEqualTo(200);
        assertThat(byHeader.json().get("id").asString()).isEqualTo(user.id());
        assertThat(byHeader.json().get("email").asString()).isEqualTo(user.email());
        assertThat(byHeader.json().get("created_at").asString()).isNotBlank();

        TestApi.Response byCookie = api.withHeader("Cookie", "codingit_access=" + user.accessToken()).get("/api/auth/me");
        assertThat(byCookie.status()).isEqualTo(200);
        assertThat(byCookie.json().get("id").asString()).isEqualTo(user.id());
    }

    @Test
    void apiRoutesWithoutCredentialsAnswer401Json() {
        TestApi.Response r = api.get("/api/auth/me");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").asBoolean()).isTrue();
        assertThat(r.json().get("message").asString()).isEqualTo("Authentication required");

        assertThat(api.get("/api/some/other/route").status()).isEqualTo(401);
    }

    @Test
    void loginWithTheRightPasswordStartsASession() {
        SignedUpUser user = TestUsers.signUp(api);
        TestApi.Response r = api.post("/api/auth/login",
                Map.of("email", user.email().toUpperCase(), "password", user.password()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("user").get("id").asString()).isEqualTo(user.id());
        String token = r.json().get("accessToken").asString();
        assertThat(api.as(token).get("/api/auth/me").json().get("id").asString()).isEqualTo(user.id());
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameGeneric401() {
        SignedUpUser user = TestUsers.signUp(api);
        TestApi.Response wrongPassword = api.post("/api/auth/login",
                Map.of("email", user.email(), "password", "not the password"));
        TestApi.Response unknownEmail = api.post("/api/auth/login",
                Map.of("email", newEmail(), "password", "not the password"));

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(wrongPassword.json().get("message").asString())
                .isEqualTo(unknownEmail.json().get("message").asString())
                .isEqualTo("Invalid email or password");
    }

    @Test
    void refreshRotatesAndReuseOfARotatedTokenRevokesTheWholeFamily() {
        TestApi.Response signup = api.post("/api/auth/signup",
                Map.of("email", newEmail(), "password", "correct horse battery"));
        String first = refreshCookie(signup);

        TestApi.Response rotated = api.withHeader("Cookie", "codingit_refresh=" + first).post("/api/auth/refresh", null);
        assertThat(rotated.status()).isEqualTo(200);
        String second = refreshCookie(rotated);
        assertThat(second).isNotEqualTo(first);
        assertThat(api.as(rotated.json().get("accessToken").asString()).get("/api/auth/me").status()).isEqualTo(200);

        // the old token is presented again: someone copied it
        TestApi.Response reuse = api.post("/api/auth/refresh", Map.of("refreshToken", first));
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.json().get("error").asBoolean()).isTrue();

        // and the legitimate, newer token of the same family is dead too
        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", second)).status()).isEqualTo(401);
    }

    @Test
    void ofSimultaneousRefreshesWithOneTokenExactlyOneWinsAndTheFamilyIsRevoked() throws Exception {
        TestApi.Response signup = api.post("/api/auth/signup",
                Map.of("email", newEmail(), "password", "correct horse battery"));
        String token = signup.json().get("refreshToken").asString();
        int parallel = 4;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<TestApi.Response>> results = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/auth/refresh", Map.of("refreshToken", token));
                }));
            }
            start.countDown();
            List<TestApi.Response> responses = new ArrayList<>();
            for (Future<TestApi.Response> f : results) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
            assertThat(responses).filteredOn(r -> r.status() == 401).hasSize(parallel - 1);
            String winnersToken = responses.stream().filter(r -> r.status() == 200).findFirst().orElseThrow()
                    .json().get("refreshToken").asString();
            assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", winnersToken)).status()).isEqualTo(401);
        }
    }

    @Test
    void refreshAcceptsTheTokenFromTheBody() {
        TestApi.Response signup = api.post("/api/auth/signup",
                Map.of("email", newEmail(), "password", "correct horse battery"));
        String refresh = signup.json().get("refreshToken").asString();
        TestApi.Response r = api.post("/api/auth/refresh", Map.of("refreshToken", refresh));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("refreshToken").asString()).isNotEqualTo(refresh);
    }

    @Test
    void anExpiredRefreshTokenIs401() {
        TestApi.Response signup = api.post("/api/auth/signup",
                Map.of("email", newEmail(), "password", "correct horse battery"));
        String userId = signup.json().get("user").get("id").asString();
        jdbc.sql("UPDATE refresh_tokens SET expires_at = ? WHERE family_id IN "
                        + "(SELECT id FROM session_families WHERE user_id = ?)")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), userId).update();
        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", refreshCookie(signup))).status())
                .isEqualTo(401);
    }

    @Test
    void refreshWithAnUnknownTokenOrNoneIs401() {
        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", "nonsense")).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/refresh", null).status()).isEqualTo(401);
    }

    @Test
    void logoutRevokesTheRefreshTokenAndClearsTheCookies() {
        TestApi.Response signup = api.post("/api/auth/signup",
                Map.of("email", newEmail(), "password", "correct horse battery"));
        String refresh = refreshCookie(signup);

        TestApi.Response out = api.withHeader("Cookie", "codingit_refresh=" + refresh).post("/api/auth/logout", null);
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.json().get("success").asBoolean()).isTrue();
        assertThat(out.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("codingit_access=;").contains("Max-Age=0"))
                .anySatisfy(c -> assertThat(c).startsWith("codingit_refresh=;").contains("Max-Age=0"));

        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", refresh)).status()).isEqualTo(401);
    }

    static String refreshCookie(TestApi.Response r) {
        return r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("codingit_refresh="))
                .map(c -> c.substring("codingit_refresh=".length(), c.indexOf(';')))
                .findFirst().orElseThrow();
    }
}
