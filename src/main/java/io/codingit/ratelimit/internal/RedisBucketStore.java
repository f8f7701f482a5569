package io.codingit.ratelimit.internal;

import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimitPolicy;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
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

    private final RedisConnector connector;
    private final InMemoryBucketStore fallback;
    private final String keyPrefix;
    private final Map<RateLimitGroup, BucketConfiguration> configurations = new EnumMap<>(RateLimitGroup.class);
    private volatile ConnectedProxyManager proxyManager;

    private record ConnectedProxyManager(StatefulRedisConnection<String, byte[]> connection,
                                         ProxyManager<String> manager) {
    }

    RedisBucketStore(RedisConnector connector, InMemoryBucketStore fallback, Collection<RateLimitPolicy> policies,
                     String keyPrefix) {
        this.connector = connector;
        this.fallback = fallback;
        this.keyPrefix = keyPrefix;
        policies.forEach(p -> configurations.put(p.group(), BucketStore.configurationOf(p)));
    }

    @Override
    public ConsumptionProbe tryConsume(RateLimitPolicy policy, String key) {
        Optional<ProxyManager<String>> manager = connector.available().map(this::proxyManagerFor);
        if (manager.isPresent()) {
            BucketConfiguration configuration = configurations.get(policy.group());
            try {
                return manager.get().builder()
                        .withOptimization(Optimizations.batching())
                        .build(keyPrefix + policy.group().key() + ":" + key, () -> configuration)
                        .tryConsumeAndReturnRemaining(1);
            } catch (RuntimeException e) {
                connector.reportFailure("Redis did not answer a rate-limit check; "
                        + "falling back to per-instance budgets", e);
            }
        }
        return fallback.tryConsume(policy, key);
    }

    private ProxyManager<String> proxyManagerFor(StatefulRedisConnection<String, byte[]> connection) {
        ConnectedProxyManager current = proxyManager;
        if (current == null || current.connection() != connection) {
            current = new ConnectedProxyManager(connection, Bucket4jLettuce.casBasedBuilder(connection)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(EXPIRY_MARGIN))
                    .build());
            proxyManager = current;
        }
        return current.manager();
    }
}
