package io.codingit.ratelimit.internal;

import io.codingit.redis.RedisConnector;
import io.codingit.redis.RedisProperties;
import io.codingit.ratelimit.RateLimitDecision;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimitPolicy;
import io.codingit.ratelimit.RateLimiter;
import io.codingit.support.TestRedis;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The limiter over both backends, without a web server: exact counting under concurrency. */
class BucketRateLimiterTest {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    static Map<RateLimitGroup, RateLimitPolicy> policies(long capacity) {
        Map<RateLimitGroup, RateLimitPolicy> policies = new EnumMap<>(RateLimitGroup.class);
        for (RateLimitGroup group : RateLimitGroup.values()) {
            policies.put(group, new RateLimitPolicy(group, capacity, WINDOW));
        }
        return policies;
    }

    static InMemoryBucketStore memory(Map<RateLimitGroup, RateLimitPolicy> policies) {
        return new InMemoryBucketStore(policies.values(), 10_000);
    }

    /** Fires {@code requests} calls on one key at once and counts those allowed. */
    static int allowedOfConcurrent(RateLimiter limiter, int requests, String key) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger allowed = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    if (limiter.tryConsume(RateLimitGroup.GENERAL, key).allowed()) {
                        allowed.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> call : calls) {
                call.get();
            }
        }
        return allowed.get();
    }

    @Test
    void inMemoryAllowsExactlyTheLimitOf200ConcurrentRequestsOnOneKey() throws Exception {
        Map<RateLimitGroup, RateLimitPolicy> policies = policies(50);
        RateLimiter limiter = new BucketRateLimiter(policies, memory(policies), true);

        assertThat(allowedOfConcurrent(limiter, 200, "ip:192.0.2.1")).isEqualTo(50);
    }

    @Test
    void redisAllowsExactlyTheLimitOf200ConcurrentRequestsOnOneKey() throws Exception {
        TestRedis.assumeAvailable();
        Map<RateLimitGroup, RateLimitPolicy> policies = policies(50);
        InMemoryBucketStore fallback = memory(policies);
        // A generous command timeout: this test counts; the shared 2-core test machine can stall a
        // thread past 200 ms, and a timeout means fail-open (RedisFailOpenTest covers that path).
        try (RedisConnector connector = new RedisConnector(
                new RedisProperties(TestRedis.url(), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)))) {
            RateLimiter limiter = new BucketRateLimiter(policies, new RedisBucketStore(connector, fallback,
                    policies.values(), TestRedis.KEY_PREFIX + "concurrency:", 1000), true);
            // The first check of a JVM loads Bucket4j's and Lettuce's classes: keep that out of the burst.
            limiter.tryConsume(RateLimitGroup.GENERAL, "warm-up");

            assertThat(allowedOfConcurrent(limiter, 200, "ip:192.0.2.1")).isEqualTo(50);
            assertThat(fallback.size(RateLimitGroup.GENERAL))
                    .as("every check was answered by Redis, none by the per-instance fallback").isZero();
            assertThat(connector.available().orElseThrow().sync()
                    .exists(TestRedis.KEY_PREFIX + "concurrency:general:ip:192.0.2.1")).isEqualTo(1L);
        }
    }

    @Test
    void decisionsCountDownAndTellWhenToRetry() {
        Map<RateLimitGroup, RateLimitPolicy> policies = policies(2);
        RateLimiter limiter = new BucketRateLimiter(policies, memory(policies), true);

        RateLimitDecision first = limiter.tryConsume(RateLimitGroup.LLM, "user:a");
        RateLimitDecision second = limiter.tryConsume(RateLimitGroup.LLM, "user:a");
        RateLimitDecision third = limiter.tryConsume(RateLimitGroup.LLM, "user:a");

        assertThat(first.outcome()).isEqualTo(RateLimitDecision.Outcome.ALLOWED);
        assertThat(first.remaining()).isEqualTo(1);
        assertThat(first.resetAfter()).isPositive().isLessThanOrEqualTo(WINDOW);
        assertThat(second.remaining()).isZero();
        assertThat(third.outcome()).isEqualTo(RateLimitDecision.Outcome.REJECTED);
        assertThat(third.retryAfter()).isPositive().isLessThanOrEqualTo(WINDOW);
    }

    @Test
    void keysAndGroupsHaveSeparateBudgets() {
        Map<RateLimitGroup, RateLimitPolicy> policies = policies(1);
        RateLimiter limiter = new BucketRateLimiter(policies, memory(policies), true);

        assertThat(limiter.tryConsume(RateLimitGroup.LLM, "user:a").allowed()).isTrue();
        assertThat(limiter.tryConsume(RateLimitGroup.LLM, "user:a").allowed()).isFalse();
        assertThat(limiter.tryConsume(RateLimitGroup.LLM, "user:b").allowed()).isTrue();
        assertThat(limiter.tryConsume(RateLimitGroup.GITHUB, "user:a").allowed()).isTrue();
    }

    @Test
    void switchedOffNothingIsMeasuredAndEverythingPasses() {
        Map<RateLimitGroup, RateLimitPolicy> policies = policies(1);
        RateLimiter limiter = new BucketRateLimiter(policies, memory(policies), false);

        for (int i = 0; i < 5; i++) {
            RateLimitDecision decision = limiter.tryConsume(RateLimitGroup.LLM, "user:a");
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.measured()).isFalse();
        }
    }

    @Test
    void inMemoryStoreForgetsTheLeastRecentlyUsedKeysPastItsBound() {
        InMemoryBucketStore store = new InMemoryBucketStore(policies(5).values(), 100);
        RateLimitPolicy policy = policies(5).get(RateLimitGroup.GENERAL);

        for (int i = 0; i < 5_000; i++) {
            store.tryConsume(policy, "ip:10.0." + (i / 256) + "." + (i % 256));
        }

        assertThat(store.size(RateLimitGroup.GENERAL)).isLessThanOrEqualTo(100);
    }
}
