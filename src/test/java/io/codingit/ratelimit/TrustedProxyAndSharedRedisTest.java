package io.codingit.ratelimit;

import io.codingit.support.TempDataDirInitializer;
import io.codingit.support.TestApi;
import io.codingit.support.TestRedis;
import io.codingit.support.TestServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One context behind a trusted proxy (127.0.0.1, so each test names its own client with
 * {@code X-Forwarded-For}) and on the shared Redis when {@code CODINGIT_TEST_REDIS_URL} answers.
 * The trusted-proxy test runs on either backend; the Redis tests are skipped, visibly, without one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = {TempDataDirInitializer.class, SharedRedisInitializer.class})
@TestPropertySource(properties = "codingit.trusted-proxies=127.0.0.1")
class TrustedProxyAndSharedRedisTest {
    static final String ROUTES = RateLimitTestRoutes.BASE;

    @LocalServerPort
    int port;
    TestApi api;

    @BeforeEach
    void client() {
        api = new TestApi(port);
    }

    private TestApi client(TestApi server, String address) {
        return server.withHeader("X-Forwarded-For", address);
    }

    @Test
    void behindATrustedProxyDistinctForwardedClientsGetDistinctBudgets() {
        TestApi first = client(api, "198.51.100.1");
        for (int i = 0; i < 20; i++) {
            assertThat(first.get(ROUTES + "netlify").status()).isEqualTo(200);
        }
        assertThat(first.get(ROUTES + "netlify").status()).isEqualTo(429);

        TestApi.Response other = client(api, "198.51.100.2").get(ROUTES + "netlify");

        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("X-RateLimit-Remaining")).isEqualTo("19");
    }

    @Test
    void anAsyncHandlerIsChargedOnce() {
        TestApi caller = client(api, "198.51.100.30");

        TestApi.Response first = caller.get(ROUTES + "llm-async");
        TestApi.Response second = caller.get(ROUTES + "llm-async");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("\"ok\":true");
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("9");
        assertThat(second.header("X-RateLimit-Remaining")).isEqualTo("8");
    }

    @Test
    void onRedisTwoHundredConcurrentRequestsOnOneKeyGetExactlyTheLimit() throws Exception {
        TestRedis.assumeAvailable();
        TestApi one = client(api, "198.51.100.10");
        one.get(ROUTES + "github"); // warm the Redis path (class loading) outside the burst

        assertThat(RateLimitHttpTest.concurrentSuccesses(one, "POST", ROUTES + "general", 200)).isEqualTo(100);
    }

    @Test
    void twoServersOnOneRedisShareTheBudget() {
        TestRedis.assumeAvailable();
        Map<String, String> properties = new HashMap<>(SharedRedisInitializer.redisProperties());
        properties.put("codingit.trusted-proxies", "127.0.0.1");
        try (TestServers.Server second = TestServers.start(properties)) {
            TestApi onFirst = client(api, "198.51.100.20");
            TestApi onSecond = client(second.api(), "198.51.100.20");
            for (int i = 0; i < 6; i++) {
                assertThat(onFirst.get(ROUTES + "llm").status()).isEqualTo(200);
            }

            TestApi.Response seventh = onSecond.get(ROUTES + "llm");
            assertThat(seventh.status()).isEqualTo(200);
            assertThat(seventh.header("X-RateLimit-Remaining")).isEqualTo("3");
            for (int i = 0; i < 3; i++) {
                assertThat(onSecond.get(ROUTES + "llm").status()).isEqualTo(200);
            }
            assertThat(onSecond.get(ROUTES + "llm").status()).isEqualTo(429);
            assertThat(onFirst.get(ROUTES + "llm").status()).isEqualTo(429);
        }
    }

    @Test
    void onRedisResponsesCarryTheHeadersAnd429TheErrorBody() {
        TestRedis.assumeAvailable();
        TestApi caller = client(api, "198.51.100.40");
        for (int i = 0; i < 30; i++) {
            TestApi.Response ok = caller.get(ROUTES + "github");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(29 - i));
            assertThat(ok.header("RateLimit")).startsWith("\"github\";r=" + (29 - i) + ";t=");
            assertThat(ok.header("RateLimit-Policy")).isEqualTo("\"github\";q=30;w=60");
        }

        TestApi.Response rejected = caller.get(ROUTES + "github");

        assertThat(rejected.status()).isEqualTo(429);
        assertThat(Long.parseLong(rejected.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(rejected.json().get("code").asString()).isEqualTo("rate_limited");
    }

    @Test
    void healthShowsRedisUp() {
        TestRedis.assumeAvailable();
        TestApi.Response health = api.as(io.codingit.support.TestUsers.operatorToken(api)).get("/api/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().at("/components/redis/status").asString()).isEqualTo("UP");
    }
}
