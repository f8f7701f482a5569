package io.codingit.ratelimit.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimitPolicy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.ConsumptionProbe;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * Buckets in this process's memory, one bounded cache per group. A key idle for a whole window is
 * dropped (its bucket would be full again anyway); past {@code maxKeysPerGroup} keys the least
 * recently used go first, so a flood of distinct clients costs bounded memory.
 */
final class InMemoryBucketStore implements BucketStore {
    private final Map<RateLimitGroup, Cache<String, Bucket>> buckets = new EnumMap<>(RateLimitGroup.class);
    private final Map<RateLimitGroup, Bandwidth> bandwidths = new EnumMap<>(RateLimitGroup.class);

    InMemoryBucketStore(Collection<RateLimitPolicy> policies, int maxKeysPerGroup) {
        for (RateLimitPolicy policy : policies) {
            buckets.put(policy.group(), Caffeine.newBuilder()
                    .maximumSize(maxKeysPerGroup)
                    .expireAfterAccess(policy.window())
                    .build());
            bandwidths.put(policy.group(), BucketStore.bandwidthOf(policy));
        }
    }

    @Override
    public ConsumptionProbe tryConsume(RateLimitPolicy policy, String key) {
        Bandwidth bandwidth = bandwidths.get(policy.group());
        Bucket bucket = buckets.get(policy.group()).get(key, k -> Bucket.builder().addLimit(bandwidth).build());
        return bucket.tryConsumeAndReturnRemaining(1);
    }

    /** Keys currently remembered in {@code group}; for tests of the memory bound. */
    long size(RateLimitGroup group) {
        Cache<String, Bucket> cache = buckets.get(group);
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
