package io.codingit.ratelimit.internal;

import io.codingit.ratelimit.RateLimitPolicy;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/** Where the buckets live: this process's memory, or Redis shared by every instance. */
interface BucketStore {

    /** Takes one token from the bucket of {@code key} under {@code policy}. */
    ConsumptionProbe tryConsume(RateLimitPolicy policy, String key);

    /**
     * A fixed window per key: the full capacity comes back at once when the window that started
     * with the key's first request is over. That is what the contract's "100 per 15 minutes" and
     * the reset headers describe, and a bucket idle for a whole window is full again, which is what
     * lets the stores forget idle keys without losing anything.
     */
    static Bandwidth bandwidthOf(RateLimitPolicy policy) {
        return Bandwidth.builder()
                .capacity(policy.capacity())
                .refillIntervally(policy.capacity(), policy.window())
                .build();
    }

    static BucketConfiguration configurationOf(RateLimitPolicy policy) {
        return BucketConfiguration.builder().addLimit(bandwidthOf(policy)).build();
    }
}
