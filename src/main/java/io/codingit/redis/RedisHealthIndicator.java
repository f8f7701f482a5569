package io.codingit.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.util.Optional;

/**
 * The {@code redis} component of {@code /api/health}, present only when Redis is configured.
 * Unreachable Redis is DEGRADED, not DOWN: the API keeps serving (rate limits fall back to
 * per-instance budgets), so a load balancer must not take every instance out at once.
 */
public final class RedisHealthIndicator implements HealthIndicator {
    /** Serving, with reduced guarantees; ordered between DOWN and UP, answered with HTTP 200. */
    public static final Status DEGRADED = new Status("DEGRADED", "Redis unreachable: rate limits are per instance");

    private final RedisConnector connector;

    public RedisHealthIndicator(RedisConnector connector) {
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
        return Health.status(DEGRADED)
                .withDetail("reason", reason)
                .withDetail("effect", "rate limits are enforced per instance, and task changes reach other "
                        + "servers by polling, until Redis is back")
                .build();
    }
}
