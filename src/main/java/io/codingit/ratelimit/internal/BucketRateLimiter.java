package io.codingit.ratelimit.internal;

import io.codingit.ratelimit.RateLimitDecision;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimitPolicy;
import io.codingit.ratelimit.RateLimiter;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The {@link RateLimiter}: the configured policies over a {@link BucketStore}. */
final class BucketRateLimiter implements RateLimiter {
    private final Map<RateLimitGroup, RateLimitPolicy> policies;
    private final BucketStore store;
    private final boolean enabled;

    BucketRateLimiter(Map<RateLimitGroup, RateLimitPolicy> policies, BucketStore store, boolean enabled) {
        this.policies = new EnumMap<>(policies);
        this.store = store;
        this.enabled = enabled;
    }

    @Override
    public RateLimitDecision tryConsume(RateLimitGroup group, String key) {
        RateLimitPolicy policy = policy(group);
        if (!enabled) {
            return RateLimitDecision.unmeasured(policy);
        }
        ConsumptionProbe probe = store.tryConsume(policy, key);
        Duration resetAfter = Duration.ofNanos(probe.getNanosToWaitForReset());
        if (probe.isConsumed()) {
            return new RateLimitDecision(policy, RateLimitDecision.Outcome.ALLOWED, probe.getRemainingTokens(),
                    resetAfter, Duration.ZERO);
        }
        return new RateLimitDecision(policy, RateLimitDecision.Outcome.REJECTED, 0, resetAfter,
                Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    @Override
    public RateLimitPolicy policy(RateLimitGroup group) {
        return policies.get(group);
    }
}
