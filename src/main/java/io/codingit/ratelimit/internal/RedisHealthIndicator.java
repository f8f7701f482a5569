package io.codingit.ratelimit.internal;

import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Optional;

/**
 * The {@code redis} component of {@code /api/health}, present only when Redis is configured. DOWN
 * means instances are enforcing per-instance budgets instead of the shared one.
 */
final class RedisHealthIndicator implements HealthIndicator {
    private final RedisConnector connector;

    RedisHealthIndicator(RedisConnector connector) {
        this.connector = connector;
    }

    @Override
    public Health health() {
        Optional<StatefulRedisConnection<String, byte[]>> connection = connector.available();
        if (connection.isEmpty()) {
            return down("not connected");
        }
        try {
            String reply = connection.get().sync().ping();
            return Health.up().withDetail("ping", reply).build();
        } catch (RuntimeException e) {
            connector.reportFailure("Redis did not answer a health check", e);
            return down(e.getClass().getSimpleName());
        }
    }

    private static Health down(String reason) {
        return Health.down()
                .withDetail("reason", reason)
                .withDetail("effect", "rate limits are enforced per instance until Redis is back")
                .build();
    }
}
