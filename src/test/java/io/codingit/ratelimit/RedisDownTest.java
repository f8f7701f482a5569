package io.codingit.ratelimit;

import io.codingit.support.TestApi;
import io.codingit.support.TestRedis;
import io.codingit.support.TestServers;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server whose Redis does not answer (a closed local port; the machine's Redis is never touched)
 * keeps serving: limits are enforced per instance (fail-open to local budgets) and
 * {@code /api/health} answers 200 with the redis component and the whole server DEGRADED.
 */
class RedisDownTest {

    @Test
    void withRedisDownTheApiStaysUpAndLimitsPerInstance() {
        try (TestServers.Server server = TestServers.start(Map.of(
                "codingit.redis.url", "redis://127.0.0.1:" + TestRedis.closedPort()))) {
            TestApi api = server.api();
            for (int i = 0; i < 10; i++) {
                TestApi.Response ok = api.get(RateLimitTestRoutes.BASE + "llm");
                assertThat(ok.status()).isEqualTo(200);
                assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(9 - i));
            }
            assertThat(api.get(RateLimitTestRoutes.BASE + "llm").status()).isEqualTo(429);

            TestApi.Response health = api.as(io.codingit.support.TestUsers.operatorToken(api)).get("/api/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().at("/components/redis/status").asString()).isEqualTo("DEGRADED");
            assertThat(health.json().at("/status").asString()).isEqualTo("DEGRADED");
        }
    }
}
