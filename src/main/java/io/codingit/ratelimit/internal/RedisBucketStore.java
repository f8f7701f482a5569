package io.codingit.ratelimit.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimitPolicy;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.codingit.redis.RedisConnector;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Buckets in Redis (Bucket4j's Lettuce proxy manager, compare-and-swap), so every instance draws
 * from the same budget. Redis keys expire once their bucket would be full again. Concurrent checks
 * of one key in this process are batched into one round trip, which keeps compare-and-swap retries
 * (and so latency) low under a burst. Each Redis command is bounded by the connection's command
 * timeout; a whole check is not, because cutting a contended compare-and-swap loop short would
 * count the request against the per-instance fallback as well and over-admit.
 *
 * <p>Fail-open to per-instance budgets: when Redis cannot answer within the timeout, the request is
 * judged by this instance's in-memory buckets instead. The API stays up and every instance still
 * enforces the limit on its own; only the sharing is lost until Redis is back.
 */
final class RedisBucketStore implements BucketStore {
    /** Kept past the refill so that a key read just before it expires is not recreated full early. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);

    /** A proxy holds no budget (that lives in Redis), so forgetting an idle one loses nothing. */
    private static final Duration PROXY_IDLE = Duration.ofMinutes(1);

    private final RedisConnector connector;
    private final InMemoryBucketStore fallback;
    private final String keyPrefix;
    private final int maxCachedBuckets;
    private final Map<RateLimitGroup, BucketConfiguration> configurations = new EnumMap<>(RateLimitGroup.class);
    private volatile Connected connected;

    /**
     * Bucket proxies are kept per key because Bucket4j batches concurrent calls per proxy
     * instance; a proxy built per request would batch nothing.
     */
    private record Connected(StatefulRedisConnection<String, byte[]> connection, ProxyManager<String> manager,
                             Cache<String, BucketProxy> buckets) {
    }

    RedisBucketStore(RedisConnector connector, InMemoryBucketStore fallback, Collection<RateLimitPolicy> policies,
                     String keyPrefix, int maxCachedBuckets) {
        this.connector = connector;
        this.fallback = fallback;
        this.keyPrefix = keyPrefix;
        this.maxCachedBuckets = maxCachedBuckets;
        policies.forEach(p -> configurations.put(p.group(), BucketStore.configurationOf(p)));
    }

    @Override
    public ConsumptionProbe tryConsume(RateLimitPolicy policy, String key) {
        Optional<Connected> redis = connector.available().map(this::connectedTo);
        if (redis.isPresent()) {
            BucketConfiguration configuration = configurations.get(policy.group());
            ProxyManager<String> manager = redis.get().manager();
            try {
                return redis.get().buckets()
                        .get(keyPrefix + policy.group().key() + ":" + key, redisKey -> manager.builder()
                                .withOptimization(Optimizations.batching())
                                .build(redisKey, () -> configuration))
                        .tryConsumeAndReturnRemaining(1);
            } catch (RuntimeException e) {
                connector.reportFailure("Redis did not answer a rate-limit check; "
                        + "falling back to per-instance budgets", e);
            }
        }
        return fallback.tryConsume(policy, key);
    }

    private Connected connectedTo(StatefulRedisConnection<String, byte[]> connection) {
        Connected current = connected;
        if (current == null || current.connection() != connection) {
            current = new Connected(connection, Bucket4jLettuce.casBasedBuilder(connection)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(EXPIRY_MARGIN))
                    .build(),
                    Caffeine.newBuilder().maximumSize(maxCachedBuckets).expireAfterAccess(PROXY_IDLE).build());
            connected = current;
        }
        return current;
    }
}
