package io.codingit.ratelimit;

import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter over HTTP on the shared default context (in-memory backend, no trusted proxies), with
 * the contract's default budgets. All requests come from 127.0.0.1, so each test uses a group of
 * its own to stay independent: github (30/min), llm (10/min), netlify (20/min), general (100/15 min).
 */
@IntegrationTest
class RateLimitHttpTest {
    static final String ROUTES = RateLimitTestRoutes.BASE;

    @LocalServerPort
    int port;
    TestApi api;

    @BeforeEach
    void client() {
        api = new TestApi(port);
    }

    @Test
    void limitedResponsesCarryTheLegacyAndTheIetfHeaders() {
        long before = Instant.now().getEpochSecond();
        TestApi.Response first = api.get(ROUTES + "github");
        long after = Instant.now().getEpochSecond();
        TestApi.Response second = api.get(ROUTES + "github");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("30");
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("29");
        assertThat(Long.parseLong(first.header("X-RateLimit-Reset"))).isBetween(before, after + 61);
        assertThat(first.header("RateLimit-Policy")).isEqualTo("\"github\";q=30;w=60");
        assertThat(first.header("RateLimit")).matches("\"github\";r=29;t=\\d+");
        long t = Long.parseLong(first.header("RateLimit").replaceAll(".*;t=", ""));
        assertThat(t).isBetween(1L, 60L);
        assertThat(first.header("Retry-After")).isNull();
        assertThat(second.header("X-RateLimit-Remaining")).isEqualTo("28");
        assertThat(second.header("RateLimit")).startsWith("\"github\";r=28;t=");
    }

    @Test
    void overTheLimitAnswers429WithRetryAfterAndTheErrorBody() {
        for (int i = 0; i < 10; i++) {
            assertThat(api.get(ROUTES + "llm").status()).as("request %d of 10", i + 1).isEqualTo(200);
        }

        TestApi.Response rejected = api.get(ROUTES + "llm");

        assertThat(rejected.status()).isEqualTo(429);
        long retryAfter = Long.parseLong(rejected.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(rejected.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(rejected.header("RateLimit-Policy")).as("the method's group wins over the class's")
                .isEqualTo("\"llm\";q=10;w=60");
        JsonNode body = rejected.json();
        assertThat(body.get("error").asBoolean()).isTrue();
        assertThat(body.get("code").asString()).isEqualTo("rate_limited");
        assertThat(body.get("message").asString())
                .contains("llm limit is 10 requests per minute")
                .contains("Retry in " + retryAfter + " second");
    }

    @Test
    void rotatingXForwardedForFromAnUntrustedPeerDoesNotDodgeTheLimit() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            statuses.add(api.withHeader("X-Forwarded-For", "203.0.113." + (i + 1)).get(ROUTES + "netlify").status());
        }

        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(20);
        assertThat(statuses.subList(20, 25)).containsOnly(429);
    }

    @Test
    void twoHundredConcurrentRequestsOnOneKeyGetExactlyTheLimit() throws Exception {
        assertThat(concurrentSuccesses(api, "POST", ROUTES + "general", 200)).isEqualTo(100);
    }

    /**
     * Reading one's own state does not spend the budget of what costs: the GETs of general routes draw
     * from the read budget (1500 per 15 minutes), so a person reloading the console is never locked out
     * of their runs and saves, and the writes do not spend the reads.
     */
    @Test
    void readsOfGeneralRoutesDrawFromTheirOwnLargerBudget() throws Exception {
        TestApi user = api.as(TestUsers.signUp(api).accessToken());
        TestApi.Response read = user.get(RateLimitTestRoutes.API_READ);
        assertThat(read.header("RateLimit-Policy")).isEqualTo("\"read\";q=1500;w=900");
        assertThat(concurrentSuccesses(user, "POST", RateLimitTestRoutes.API_PING, 120)).isEqualTo(100);
        assertThat(concurrentSuccesses(user, "GET", RateLimitTestRoutes.API_READ, 300)).as("general spent, reads still answer")
                .isEqualTo(300);
        assertThat(user.get(RateLimitTestRoutes.API_READ).header("X-RateLimit-Remaining")).isEqualTo("1198");
        assertThat(api.get("/api/openapi.json").json().at("/paths/~1api~1sandbox/get/x-rate-limit/group").asString())
                .isEqualTo("read");
    }

    @Test
    void authenticatedCallersAreKeyedByUserNotByAddress() {
        TestApi alice = api.as(TestUsers.signUp(api).accessToken());
        TestApi bob = api.as(TestUsers.signUp(api).accessToken());

        assertThat(alice.post(RateLimitTestRoutes.API_PING, Map.of()).header("X-RateLimit-Remaining")).isEqualTo("99");
        assertThat(alice.post(RateLimitTestRoutes.API_PING, Map.of()).header("X-RateLimit-Remaining")).isEqualTo("98");
        TestApi.Response bobsFirst = bob.post(RateLimitTestRoutes.API_PING, Map.of());
        assertThat(bobsFirst.status()).isEqualTo(200);
        assertThat(bobsFirst.header("X-RateLimit-Remaining")).as("same address, own budget").isEqualTo("99");
        assertThat(bobsFirst.header("RateLimit-Policy")).isEqualTo("\"general\";q=100;w=900");
    }

    @Test
    void anonymousCallsToAuthenticatedRoutesAreRefusedBeforeTheyAreCharged() {
        TestApi.Response anonymous = api.post(RateLimitTestRoutes.API_PING, Map.of());

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("X-RateLimit-Limit")).isNull();
    }

    @Test
    void theApiDescriptionNamesEachOperationsBudget() {
        JsonNode ping = api.get("/api/openapi.json").json().at("/paths/~1api~1test~1ping/post");

        assertThat(ping.at("/x-rate-limit/group").asString()).isEqualTo("general");
        assertThat(ping.at("/x-rate-limit/capacity").asLong()).isEqualTo(100);
        assertThat(ping.at("/x-rate-limit/windowSeconds").asLong()).isEqualTo(900);
        assertThat(ping.get("description").asString()).contains("100 requests per 15 minutes");
    }

    @Test
    void routesWithoutAGroupCarryNoRateLimitHeaders() {
        TestApi.Response health = api.get("/api/health");

        assertThat(health.header("X-RateLimit-Limit")).isNull();
        assertThat(health.header("RateLimit")).isNull();
    }

    /** Sends {@code requests} requests at once and counts the 200s; anything but 200 or 429 fails. */
    static long concurrentSuccesses(TestApi api, String method, String path, int requests) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return (method.equals("GET") ? api.get(path) : api.post(path, Map.of())).status();
                }));
            }
            start.countDown();
            long ok = 0;
            for (Future<Integer> call : calls) {
                int status = call.get();
                assertThat(status).isIn(200, 429);
                ok += status == 200 ? 1 : 0;
            }
            return ok;
        }
    }
}
